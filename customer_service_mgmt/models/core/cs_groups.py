# -*- coding: utf-8 -*-
"""Field groups shared by the features, defined once (security/core/cs_security.xml defines
the groups themselves)."""

# credit data 客户档案信息的保密, on the customer and on the order: those who sell, invoice
# or control credit read it (their groups imply group_credit_figures); other employees
# (warehouse, customer service, technicians) and the customers themselves (portal) do not.
# The credit policy reads it with sudo() whoever confirms, invoices or delivers.
CREDIT_GROUPS = 'customer_service_mgmt.group_credit_figures'
