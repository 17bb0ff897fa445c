# -*- coding: utf-8 -*-
{
    'name': 'Customer Service Management',
    'summary': 'Credit control, complaints, after-sales service, satisfaction surveys '
               'and customer classification for manufacturers',
    'version': '11.0.1.0.0',
    'category': 'Sales',
    'author': 'customer_service_mgmt team',
    'license': 'LGPL-3',
    'application': True,
    'installable': True,
    'depends': [
        'sale_management',
        'account_invoicing',
        'stock',
        'survey',
        'mrp_repair',
        'portal',
        'rating',
    ],
    'data': [
        'security/cs_security.xml',
        'security/ir.model.access.csv',
        'views/cs_menus.xml',
    ],
}
