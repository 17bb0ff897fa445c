# -*- coding: utf-8 -*-
"""What the documents' follow-up visits 回访 share."""

# the customer's satisfaction as recorded at the follow-up visit
RATINGS = [('1', 'Very Dissatisfied'), ('2', 'Dissatisfied'), ('3', 'Neutral'),
           ('4', 'Satisfied'), ('5', 'Very Satisfied')]
