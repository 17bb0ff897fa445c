"""Satisfaction campaigns select customers by their ABC class in the campaign's company and
by customer type (the customer information base), besides the other criteria; the customer
type is kept on the scored response as a segment."""
from .satisfaction_common import SatisfactionCase


class TestSatisfactionTargets(SatisfactionCase):

    def setUp(self):
        super(TestSatisfactionTargets, self).setUp()
        Partner = self.env['res.partner']
        self.class_a = Partner.create({'name': 'Class A Co.', 'customer': True,
                                       'is_company': True, 'cs_customer_type': 'regular'})
        self.class_b = Partner.create({'name': 'Class B Co.', 'customer': True,
                                       'is_company': True, 'cs_customer_type': 'key'})
        other_company = self.env['res.company'].create({'name': 'Other Factory'})
        Segment = self.env['cs.customer.segment'].sudo()
        Segment.create({'partner_id': self.class_a.id, 'company_id': self.company.id,
                        'abc_class': 'a'})
        Segment.create({'partner_id': self.class_b.id, 'company_id': self.company.id,
                        'abc_class': 'b'})
        # class A elsewhere does not make it class A for this company's campaign
        Segment.create({'partner_id': self.class_b.id, 'company_id': other_company.id,
                        'abc_class': 'a'})

    def selected(self, **criteria):
        campaign = self.make_campaign(**criteria)
        campaign.action_select_targets()
        return campaign.partner_ids

    def test_by_abc_class_of_the_campaigns_company(self):
        selected = self.selected(target_abc_class='a')
        self.assertIn(self.class_a, selected)
        self.assertNotIn(self.class_b, selected)

    def test_by_customer_type(self):
        selected = self.selected(target_customer_type='key')
        self.assertIn(self.class_b, selected)
        self.assertNotIn(self.class_a, selected)

    def test_criteria_add_up(self):
        selected = self.selected(target_abc_class='a', target_customer_type='key')
        self.assertTrue({self.class_a, self.class_b} <= set(selected))

    def test_customer_type_is_a_segment_of_the_response(self):
        key_response = self.answer(self.make_input(partner=self.class_b), nps=9)
        regular_response = self.answer(self.make_input(partner=self.class_a), nps=3)
        self.assertEqual(key_response.customer_type, 'key')
        groups = self.env['cs.satisfaction.response'].read_group(
            [('id', 'in', (key_response | regular_response).ids)],
            ['nps_score', 'customer_type'], ['customer_type'])
        self.assertEqual({g['customer_type']: g['nps_score'] for g in groups},
                         {'key': 9, 'regular': 3})
