"""Demo data of a small Chinese furniture-hardware manufacturer, loaded into ``csm_demo``.

The sales history is built with the host's own flows (confirm, deliver, invoice, register
payment) so that every amount is what the ERP itself computes; dates are relative to the
day the database is built, so that the receivables ageing has open invoices in every bucket
(0-30, 31-60, 61-90, > 90 days past due).  Records get ``csm_demo.*`` external ids for tests and
later demo data.
"""
from datetime import datetime, timedelta

MARKER = 'csm_demo.demo_loaded'

COMPANY = {
    'name': '佛山华美五金制品有限公司',
    'street': '狮山镇科技工业园 B 区 18 号',
    'city': '佛山市南海区',
    'zip': '528225',
    'phone': '+86 757 8668 1234',
    'email': 'sales@huamei-hardware.cn',
    'website': 'http://www.huamei-hardware.cn',
    'vat': '91440605MA4W8K2X3L',
}

# login, name, email, groups (external ids): one user per role the add-on defines or relies
# on (the portal customer is made from a contact in _portal_user); README lists them
USERS = [
    ('sales', '陈志强', 'chen.zhiqiang@huamei-hardware.cn', ['sales_team.group_sale_salesman']),
    ('salesmgr', '刘建华', 'liu.jianhua@huamei-hardware.cn', ['sales_team.group_sale_manager']),
    ('service', '林晓敏', 'lin.xiaomin@huamei-hardware.cn', ['customer_service_mgmt.group_cs_user']),
    ('csmgr', '何丽娟', 'he.lijuan@huamei-hardware.cn', ['customer_service_mgmt.group_cs_manager']),
    ('tech', '赵国栋', 'zhao.guodong@huamei-hardware.cn',
     ['customer_service_mgmt.group_cs_user', 'stock.group_stock_user']),
    ('credit', '郑红梅', 'zheng.hongmei@huamei-hardware.cn',
     ['customer_service_mgmt.group_credit_controller', 'account.group_account_invoice']),
    ('creditmgr', '孙志刚', 'sun.zhigang@huamei-hardware.cn',
     ['customer_service_mgmt.group_credit_manager', 'account.group_account_invoice']),
    ('account', '吴静', 'wu.jing@huamei-hardware.cn', ['account.group_account_invoice']),
    ('stock', '马军', 'ma.jun@huamei-hardware.cn', ['stock.group_stock_user']),
]

# customer key, credit limit (CNY), grade, credit terms (days past due tolerated); set after
# the order history so that history is not itself held. 华通 is close to its limit and 鸿运
# is overdue beyond its terms: their next orders go on credit hold.
CREDIT_PROFILES = [
    ('meijia', 800000, 'credit_grade_aaa', 15),
    ('huatong', 180000, 'credit_grade_aa', 10),
    ('jiayi', 150000, 'credit_grade_a', 10),
    ('oulang', 100000, 'credit_grade_a', 10),
    ('chuangyi', 30000, 'credit_grade_b', 5),
    ('lida', 10000, 'credit_grade_b', 0),
    ('hongyun', 80000, 'credit_grade_c', 0),
]

# customer key, days ago, category, priority, channel, product code, stage reached,
# description, demand, resolution: one complaint at each step of the process
COMPLAINTS = [
    ('meijia', 1, 'quality', '2', 'portal', 'HM-H35C', 'received',
     '35mm 阻尼铰链 200 只中有 12 只阻尼失效，关门时有撞击声。', 'exchange', None),
    ('huatong', 3, 'delivery', '1', 'phone', 'HM-S450', 'acknowledged',
     '订单货物晚到 5 天，影响了我司橱柜安装进度。', 'apology', None),
    ('oulang', 6, 'packaging', '1', 'email', 'HM-P160', 'investigating',
     '纸箱破损，部分拉手表面划伤。', 'compensation', None),
    ('jiayi', 12, 'quality', '2', 'visit', 'HM-S450', 'resolved',
     '三节滑轨推拉不顺，有卡滞现象。', 'repair', '派技术员上门调整，并更换 30 套滑轨。'),
    ('chuangyi', 20, 'billing', '0', 'letter', None, 'closed',
     '发票单价与合同单价不符。', None, '已开具红字发票冲销，并按合同单价重开发票。'),
    ('lida', 9, 'attitude', '1', 'phone', None, 'rejected',
     '客服电话无人接听。', 'apology', '经核查当日为法定节假日，已向客户说明节假日值班电话。'),
]

# key, company name, province, city, street, zip, phone, mail domain, payment term, contacts
# (name, job, mobile, mail box); 'xingang' is a new customer, 'hongyun' pays late
CUSTOMERS = [
    ('meijia', '广州美家家居集团有限公司', 'GD', '广州市', '天河区珠江新城华夏路 28 号', '510623',
     '+86 20 3888 6688', 'meijia-home.com', 'account.account_payment_term_net',
     [('王建国', '采购总监', '+86 138 0013 8001', 'wang.jianguo'),
      ('李秀英', '财务经理', '+86 139 2288 0102', 'li.xiuying')]),
    ('huatong', '深圳华通橱柜有限公司', 'GD', '深圳市', '宝安区福永街道凤凰工业区 6 栋', '518103',
     '+86 755 2733 5120', 'huatong-cabinet.cn', 'account.account_payment_term_net',
     [('张伟', '采购经理', '+86 135 1024 6677', 'zhang.wei')]),
    ('oulang', '中山欧朗门窗有限公司', 'GD', '中山市', '小榄镇工业大道北 99 号', '528415',
     '+86 760 2212 8866', 'oulang-window.com', 'account.account_payment_term_net',
     [('黄丽华', '采购主管', '+86 137 2806 3311', 'huang.lihua')]),
    ('jiayi', '上海佳艺家具有限公司', 'SH', '上海市', '嘉定区马陆镇宝安公路 2688 号', '201801',
     '+86 21 5995 1880', 'jiayi-furniture.com', 'account.account_payment_term_15days',
     [('周敏', '供应链经理', '+86 139 1876 5432', 'zhou.min'),
      ('吴磊', '质量主管', '+86 136 0171 2299', 'wu.lei')]),
    ('lida', '江门市利达五金商行', 'GD', '江门市', '蓬江区建设三路 45 号', '529000',
     '+86 750 3526 018', 'lida-hardware.cn', 'account.account_payment_term_immediate',
     [('梁志明', '店主', '+86 133 3601 8899', 'liang.zhiming')]),
    ('chuangyi', '惠州创艺装饰工程有限公司', 'GD', '惠州市', '惠城区江北文昌一路 11 号', '516003',
     '+86 752 2899 306', 'chuangyi-deco.cn', 'account.account_payment_term_15days',
     [('刘洋', '项目经理', '+86 189 2236 7788', 'liu.yang')]),
    ('hongyun', '肇庆鸿运家具厂', 'GD', '肇庆市', '高要区金渡工业园 3 号', '526108',
     '+86 758 8312 667', 'hongyun-jiaju.cn', 'account.account_payment_term_net',
     [('何家豪', '厂长', '+86 138 2260 4455', 'he.jiahao'),
      ('邓美玲', '会计', '+86 150 1758 9012', 'deng.meiling')]),
    ('xingang', '宁波新港建材贸易有限公司', 'ZJ', '宁波市', '北仑区新碶街道明州路 180 号', '315800',
     '+86 574 8688 2015', 'xingang-jiancai.com', 'account.account_payment_term_net',
     [('陈静', '采购员', '+86 158 6789 1234', 'chen.jing')]),
    ('fuda', '东莞富达家具有限公司', 'GD', '东莞市', '厚街镇家具大道 66 号', '523960',
     '+86 769 8588 3321', 'fuda-furniture.cn', 'account.account_payment_term_net',
     [('罗志伟', '采购经理', '+86 136 2295 4410', 'luo.zhiwei')]),
]

# code, English name, Chinese name, category (English, Chinese), type, price, cost, opening stock
PRODUCTS = [
    ('HM-H35C', 'Soft-close cabinet hinge 35 mm', '35mm 阻尼铰链',
     ('Hinges', '铰链'), 'product', 4.80, 2.60, 180000),
    ('HM-H35S', 'Standard cabinet hinge 35 mm', '35mm 普通铰链',
     ('Hinges', '铰链'), 'product', 2.20, 1.10, 60000),
    ('HM-S450', 'Soft-close drawer slide 450 mm (pair)', '450mm 三节阻尼滑轨（副）',
     ('Drawer slides', '滑轨'), 'product', 38.00, 21.50, 36000),
    ('HM-S350', 'Ball-bearing drawer slide 350 mm (pair)', '350mm 三节钢珠滑轨（副）',
     ('Drawer slides', '滑轨'), 'product', 16.50, 9.20, 8000),
    ('HM-P160', 'Aluminium cabinet handle 160 mm', '160mm 铝合金拉手',
     ('Handles', '拉手'), 'product', 6.50, 3.40, 40000),
    ('HM-P96', 'Zinc alloy handle 96 mm', '96mm 锌合金拉手',
     ('Handles', '拉手'), 'product', 4.20, 2.10, 24000),
    ('HM-L20', 'Furniture cam lock 20 mm', '20mm 家具偏心锁',
     ('Locks', '锁具'), 'product', 3.50, 1.60, 12000),
    ('HM-SC100', 'Mounting screw pack (100 pcs)', '安装螺丝包（100 粒）',
     ('Accessories', '配件'), 'consu', 8.00, 3.00, 0),
]

# customer, order date (days ago), outcome, paid (days after the invoice date), lines.
# Outcomes: draft / sent quotation, sale (confirmed), invoiced (delivered, invoice posted).
# Goods leave 3 days after the order, the invoice is dated 5 days after it.
ORDERS = [
    ('fuda', 470, 'invoiced', 30, [('HM-S450', 900), ('HM-P160', 1500)]),
    ('fuda', 430, 'invoiced', 30, [('HM-S450', 800), ('HM-H35C', 3000)]),
    ('fuda', 390, 'invoiced', 28, [('HM-S450', 1000), ('HM-P160', 1200)]),
    ('hongyun', 200, 'invoiced', 45, [('HM-H35S', 8000), ('HM-S350', 600)]),
    ('meijia', 150, 'invoiced', 30, [('HM-H35C', 20000), ('HM-S450', 3000), ('HM-SC100', 200)]),
    ('hongyun', 140, 'invoiced', None, [('HM-H35S', 6000), ('HM-P96', 2000)]),
    ('oulang', 130, 'invoiced', 28, [('HM-P160', 4000), ('HM-L20', 1500)]),
    ('meijia', 120, 'invoiced', 32, [('HM-H35C', 18000), ('HM-S450', 2500), ('HM-P160', 5000)]),
    ('hongyun', 105, 'invoiced', None, [('HM-S350', 800), ('HM-L20', 1000)]),
    ('huatong', 100, 'invoiced', 35, [('HM-H35C', 6000), ('HM-S450', 800)]),
    ('meijia', 90, 'invoiced', 29, [('HM-H35C', 22000), ('HM-S450', 3200)]),
    ('jiayi', 90, 'invoiced', 14, [('HM-S450', 1200), ('HM-P96', 3000)]),
    ('oulang', 80, 'invoiced', 31, [('HM-P160', 3500), ('HM-L20', 1200)]),
    ('hongyun', 75, 'invoiced', None, [('HM-H35S', 5000), ('HM-P96', 1500)]),
    ('chuangyi', 70, 'invoiced', 20, [('HM-P160', 300), ('HM-H35C', 500)]),
    ('huatong', 65, 'invoiced', 40, [('HM-H35C', 5000), ('HM-S350', 900)]),
    ('meijia', 60, 'invoiced', 30, [('HM-H35C', 21000), ('HM-S450', 2800), ('HM-SC100', 250)]),
    ('lida', 60, 'invoiced', 0, [('HM-H35S', 600), ('HM-P96', 200), ('HM-SC100', 30)]),
    ('jiayi', 50, 'invoiced', 15, [('HM-S450', 1500), ('HM-P96', 2500)]),
    ('oulang', 45, 'invoiced', None, [('HM-P160', 4200), ('HM-L20', 1600)]),
    ('huatong', 40, 'invoiced', None, [('HM-H35C', 7000), ('HM-S450', 1000)]),
    ('chuangyi', 35, 'invoiced', None, [('HM-P160', 400), ('HM-S350', 120)]),
    ('meijia', 30, 'invoiced', None, [('HM-H35C', 24000), ('HM-S450', 3500)]),
    ('lida', 25, 'invoiced', 1, [('HM-H35S', 800), ('HM-L20', 300)]),
    ('jiayi', 20, 'invoiced', None, [('HM-S450', 1000), ('HM-P160', 2000)]),
    ('hongyun', 15, 'draft', None, [('HM-H35S', 7000), ('HM-S350', 1000)]),
    ('huatong', 12, 'sale', None, [('HM-H35C', 6500), ('HM-S450', 900)]),
    ('meijia', 10, 'sale', None, [('HM-H35C', 20000), ('HM-S450', 3000), ('HM-P160', 6000)]),
    ('lida', 8, 'invoiced', None, [('HM-H35S', 500), ('HM-P96', 300)]),
    ('jiayi', 7, 'sale', None, [('HM-S450', 800), ('HM-P96', 2000)]),
    ('oulang', 5, 'sent', None, [('HM-P160', 5000), ('HM-L20', 2000)]),
    ('huatong', 4, 'draft', None, [('HM-S350', 1500)]),
    ('chuangyi', 3, 'sent', None, [('HM-P160', 250), ('HM-H35C', 400)]),
    ('meijia', 2, 'sent', None, [('HM-H35C', 25000), ('HM-S450', 3600)]),
    ('xingang', 1, 'draft', None, [('HM-H35S', 3000), ('HM-P96', 1000), ('HM-SC100', 50)]),
]


def _day(days_ago):
    return (datetime.now() - timedelta(days=days_ago)).strftime('%Y-%m-%d')


def _moment(days_ago):
    """Odoo 11 stores datetimes as UTC strings."""
    return (datetime.utcnow() - timedelta(days=days_ago)).strftime('%Y-%m-%d %H:%M:%S')


def _xmlid(record, name):
    record.env['ir.model.data'].create({'module': 'csm_demo', 'name': name, 'noupdate': True,
                                        'model': record._name, 'res_id': record.id})


def _company(env):
    company = env.ref('base.main_company')
    company.write(dict(COMPANY, state_id=env.ref('l10n_cn.state_GD').id))
    env.ref('base.user_root').tz = 'Asia/Shanghai'
    return company


def _users(env):
    users = {}
    # staff, not customers: their partners stay out of the customer lists
    staff = env['res.users'].with_context(no_reset_password=True, default_customer=False)
    for login, name, email, groups in USERS:
        user = staff.create({
            'login': login, 'password': login, 'name': name, 'email': email,
            'lang': 'zh_CN', 'tz': 'Asia/Shanghai',
            'groups_id': [(6, 0, [env.ref(group).id for group in groups])],
        })
        _xmlid(user, 'user_' + login)
        users[login] = user
    return users


def _complaints(env, customers, products, agent):
    """A complaint desk team and one complaint at each stage, received over the last weeks."""
    team = env['cs.team'].create({
        'name': 'Customer Service Hotline', 'manager_id': env.ref('base.user_root').id,
        'member_ids': [(6, 0, agent.ids)], 'tz': 'Asia/Shanghai',
        'resource_calendar_id': env.user.company_id.resource_calendar_id.id})
    team.with_context(lang='zh_CN').name = '客服热线'
    _xmlid(team, 'cs_team_hotline')
    stage = 'customer_service_mgmt.complaint_stage_%s'
    for (key, days_ago, category, priority, channel, code, reached, description, demand,
         resolution) in COMPLAINTS:
        customer = customers[key]
        complaint = env['cs.complaint'].create({
            'partner_id': customer.id, 'contact_id': customer.child_ids[:1].id,
            'categ_id': env.ref('customer_service_mgmt.complaint_category_' + category).id,
            'priority': priority, 'channel': channel, 'date_received': _moment(days_ago),
            'product_id': products[code].id if code else False, 'description': description,
            'demand': demand, 'team_id': team.id, 'user_id': agent.id})
        values = {'stage_id': env.ref(stage % reached).id}
        if resolution:
            values.update(resolution=resolution, followup_decision='none')
        if reached != 'received':
            complaint.write(values)


def _portal_user(env, customer):
    """The key account's purchasing director signs in to My Account (complaints, orders)."""
    contact = customer.child_ids.filtered(lambda c: c.name == CUSTOMERS[0][9][0][0])
    user = env['res.users'].with_context(no_reset_password=True).create({
        'login': 'portal', 'password': 'portal', 'partner_id': contact.id,
        'lang': 'zh_CN', 'tz': 'Asia/Shanghai',  # otherwise the new user resets them
        'groups_id': [(6, 0, [env.ref('base.group_portal').id])],
    })
    _xmlid(user, 'user_portal')
    return user


def _customers(env, salesman):
    partners = env['res.partner']
    customers = {}
    for key, name, province, city, street, zip_code, phone, domain, term, contacts in CUSTOMERS:
        address = {'street': street, 'city': city, 'zip': zip_code, 'lang': 'zh_CN',
                   'country_id': env.ref('base.cn').id,
                   'state_id': env.ref('l10n_cn.state_' + province).id, 'user_id': salesman.id}
        company = partners.create(dict(address, name=name, is_company=True, phone=phone,
                                       email='info@' + domain, website='http://www.' + domain,
                                       property_payment_term_id=env.ref(term).id))
        for contact, job, mobile, mailbox in contacts:
            partners.create(dict(address, name=contact, function=job, mobile=mobile, type='contact',
                                 email='%s@%s' % (mailbox, domain), parent_id=company.id))
        _xmlid(company, 'customer_' + key)
        customers[key] = company
    return customers


def _products(env):
    categories, products = {}, {}
    stock = env.ref('stock.stock_location_stock')
    inventory = env['stock.inventory'].create({'name': 'Opening stock', 'filter': 'partial',
                                               'location_id': stock.id})
    inventory.action_start()
    for code, name, name_zh, (categ, categ_zh), kind, price, cost, quantity in PRODUCTS:
        if categ not in categories:
            categories[categ] = env['product.category'].create({'name': categ})
            categories[categ].with_context(lang='zh_CN').name = categ_zh
        product = env['product.product'].create({
            'default_code': code, 'name': name, 'type': kind, 'categ_id': categories[categ].id,
            'list_price': price, 'standard_price': cost})
        product.with_context(lang='zh_CN').name = name_zh
        if quantity:
            env['stock.inventory.line'].create({
                'inventory_id': inventory.id, 'location_id': stock.id,
                'product_id': product.id, 'product_qty': quantity})
        _xmlid(product, 'product_' + code.replace('-', '_').lower())
        products[code] = product
    inventory.action_done()
    return products


def _deliver(order, days_ago):
    for picking in order.picking_ids:
        order.env['stock.immediate.transfer'].create({'pick_ids': [(4, picking.id)]}).process()
        picking.date_done = _moment(days_ago)


def _invoice(order, days_ago):
    invoice = order.env['account.invoice'].browse(order.action_invoice_create())
    invoice.date_invoice = _day(days_ago)
    invoice.action_invoice_open()
    return invoice


def _pay(invoice, days_ago):
    env = invoice.env
    env['account.payment'].create({
        'payment_type': 'inbound', 'partner_type': 'customer',
        'partner_id': invoice.commercial_partner_id.id, 'amount': invoice.residual,
        'journal_id': env['account.journal'].search([('type', '=', 'bank')], limit=1).id,
        'payment_method_id': env.ref('account.account_payment_method_manual_in').id,
        'payment_date': _day(days_ago), 'communication': invoice.number,
        'invoice_ids': [(6, 0, invoice.ids)],
    }).post()


def _orders(env, customers, products):
    """Every order is confirmed before any invoice exists: the credit policy judges a
    confirmation by today's receivables, so replaying history in one pass would hold
    the later orders of late payers.  Then goods, invoices and payments in date order."""
    to_invoice = []
    for key, days_ago, outcome, paid_after, lines in ORDERS:
        customer = customers[key]
        order = env['sale.order'].create({
            'partner_id': customer.id, 'user_id': customer.user_id.id,
            'date_order': _moment(days_ago),
            'payment_term_id': customer.property_payment_term_id.id,
            'order_line': [(0, 0, {'product_id': products[code].id, 'product_uom_qty': quantity})
                           for code, quantity in lines],
        })
        if outcome == 'sent':
            order.state = 'sent'
        if outcome in ('sale', 'invoiced'):
            order.action_confirm()
            if order.state != 'sale':
                raise RuntimeError('demo order %s for %s was not confirmed' % (order.name, key))
            _backdate_confirmation(order, _moment(days_ago))
        if outcome == 'invoiced':
            to_invoice.append((order, days_ago, paid_after))
    for order, days_ago, paid_after in to_invoice:
        _deliver(order, days_ago - 3)
        invoice = _invoice(order, days_ago - 5)
        if paid_after is not None:
            _pay(invoice, days_ago - 5 - paid_after)


def _credit_profiles(env, customers, controller):
    for key, limit, grade, terms in CREDIT_PROFILES:
        customers[key].write({
            'credit_limit': limit, 'cs_credit_terms_days': terms,
            'cs_credit_grade_id': env.ref('customer_service_mgmt.' + grade).id,
            'cs_credit_controller_id': controller.id,
            'cs_credit_review_date': _day(-180),
        })


def load_demo(env):
    """Fill a freshly created database; does nothing if the demo data is already there."""
    if env.ref(MARKER, raise_if_not_found=False):
        return
    # chatter tracking and notifications would be most of the time spent here
    env = env(context=dict(env.context, tracking_disable=True))
    company = _company(env)
    users = _users(env)
    customers = _customers(env, users['sales'])
    products = _products(env)
    outlets = _service_setup(env, products, users)
    machine_orders = _machine_orders(env, customers, products)
    _orders(env, customers, products)
    lots = _machine_deliveries(machine_orders)
    _credit_profiles(env, customers, users['credit'])
    _portal_user(env, customers['meijia'])
    _complaints(env, customers, products, users['service'])
    _satisfaction(env, customers, users['service'])
    _service_requests(env, customers, products, lots, users, outlets)
    _credit_reviews(env, customers, users)
    _credit_holds(env, customers, products, users)
    _customer_base(env, customers, users)
    _xmlid(company, MARKER.split('.')[1])


# satisfaction campaign of last quarter on the shipped questionnaire: (customer, answer per
# 1-5 question in questionnaire order, recommendation 0-10); customers left out did not answer
SATISFACTION_ANSWERS = [
    ('meijia', [5, 4, 5, 3, 4], 9),
    ('huatong', [4, 3, 4, 3, 4], 8),
    ('hongyun', [2, 2, 3, 2, 3], 4),
]


def _satisfaction(env, customers, responsible):
    """A closed campaign with invitations (no mail sent) and a few scored answers."""
    survey = env.ref('customer_service_mgmt.survey_cs_quarterly')
    campaign = env['cs.satisfaction.campaign'].create({
        'title': '上季度客户满意度测评', 'date_start': _day(120), 'date_end': _day(30),
        'survey_id': survey.id, 'user_id': responsible.id, 'target_invoiced': False,
        'state': 'closed', 'partner_ids': [(6, 0, [c.id for c in customers.values()])]})
    questions = survey.page_ids.mapped('question_ids')
    scales = questions.filtered(lambda q: q.type == 'simple_choice' and not q.cs_is_nps)
    nps = questions.filtered('cs_is_nps')
    answers = dict((key, (marks, recommend)) for key, marks, recommend in SATISFACTION_ANSWERS)
    for key, customer in customers.items():
        user_input = env['survey.user_input'].create({
            'survey_id': survey.id, 'partner_id': customer.id, 'email': customer.email,
            'type': 'link', 'cs_campaign_id': campaign.id, 'cs_company_id': campaign.company_id.id,
            'cs_responsible_id': responsible.id, 'cs_sent_date': _moment(60)})
        if key not in answers:
            continue
        marks, recommend = answers[key]
        for question, mark in list(zip(scales, marks)) + [(nps, recommend)]:
            label = question.labels_ids.filtered(lambda l: l.quizz_mark == mark)
            env['survey.user_input_line'].create({
                'user_input_id': user_input.id, 'question_id': question.id,
                'survey_id': survey.id, 'answer_type': 'suggestion', 'value_suggested': label.id})
        user_input.write({'cs_opened_date': _moment(55), 'state': 'done'})


# ---------------------------------------------------------------------- after-sales service
# warranty period (months from the delivery) of each product code
WARRANTY_MONTHS = {'HM-H35C': 24, 'HM-H35S': 12, 'HM-S450': 24, 'HM-S350': 12,
                   'HM-P160': 12, 'HM-P96': 12, 'HM-L20': 12, 'HM-JK35': 12}

# the serial-tracked equipment the factory also sells to cabinet makers: code, English name,
# Chinese name, price, cost, serial numbers in stock
MACHINE = ('HM-JK35', 'Hinge boring and inserting machine', '35mm 铰链钻孔压入机',
           12800.00, 7600.00, ['JK35-2024-0117', 'JK35-2025-0236', 'JK35-2025-0388',
                               'JK35-2025-0412', 'JK35-2025-0455'])

# customer, days ago delivered, number of machines: 佳艺's machine is out of its 12-month
# warranty, the others are covered
MACHINE_SALES = [('jiayi', 420, 1), ('huatong', 160, 2), ('meijia', 45, 1)]

# region name (English, Chinese), provinces; outlet (English, Chinese) of the region
SERVICE_REGIONS = [
    (('South China', '华南'), ['GD', 'GX', 'HI', 'FJ'], ('Foshan Service Centre', '佛山售后服务中心')),
    (('East China', '华东'), ['SH', 'ZJ', 'JS', 'AH'], ('Shanghai Service Station', '上海售后服务站')),
]


def _service_setup(env, products, users):
    """Regions and outlets with their technicians, warranty periods, and the machine with
    its serial numbers in stock (an inventory adjustment, as the warehouse records it)."""
    outlets = {}
    for (region_name, region_zh), provinces, (outlet_name, outlet_zh) in SERVICE_REGIONS:
        region = env['cs.service.region'].create({
            'name': region_name,
            'state_ids': [(6, 0, [env.ref('l10n_cn.state_' + code).id for code in provinces])]})
        region.with_context(lang='zh_CN').name = region_zh
        outlet = env['cs.service.outlet'].create({
            'name': outlet_name, 'region_id': region.id, 'manager_id': users['csmgr'].id,
            'member_ids': [(6, 0, [users['tech'].id, users['service'].id])],
            'resource_calendar_id': env.user.company_id.resource_calendar_id.id,
            'tz': 'Asia/Shanghai'})
        outlet.with_context(lang='zh_CN').name = outlet_zh
        _xmlid(outlet, 'cs_outlet_' + region_name.split()[0].lower())
        outlets[region_name] = outlet
    # what Inventory settings > Lots & Serial Numbers does: every employee gets the group
    env.ref('base.group_user').write({
        'implied_ids': [(4, env.ref('stock.group_production_lot').id)]})
    code, name, name_zh, price, cost, serials = MACHINE
    machine = env['product.product'].create({
        'default_code': code, 'name': name, 'type': 'product', 'tracking': 'serial',
        'categ_id': env['product.category'].create({'name': 'Equipment'}).id,
        'list_price': price, 'standard_price': cost})
    machine.with_context(lang='zh_CN').name = name_zh
    machine.categ_id.with_context(lang='zh_CN').name = '设备'
    _xmlid(machine, 'product_' + code.replace('-', '_').lower())
    products[code] = machine
    for product in products.values():
        product.cs_warranty_months = WARRANTY_MONTHS.get(product.default_code, 0)
    stock = env.ref('stock.stock_location_stock')
    inventory = env['stock.inventory'].create({'name': 'Equipment opening stock',
                                               'filter': 'partial', 'location_id': stock.id})
    inventory.action_start()
    for serial in serials:
        lot = env['stock.production.lot'].create({'name': serial, 'product_id': machine.id})
        env['stock.inventory.line'].create({
            'inventory_id': inventory.id, 'location_id': stock.id, 'product_id': machine.id,
            'prod_lot_id': lot.id, 'product_qty': 1})
    inventory.action_done()
    return outlets


def _machine_orders(env, customers, products):
    """Machine orders, confirmed before any invoice of the history exists (as in _orders)."""
    machine = products[MACHINE[0]]
    orders = []
    for key, days_ago, quantity in MACHINE_SALES:
        customer = customers[key]
        order = env['sale.order'].create({
            'partner_id': customer.id, 'user_id': customer.user_id.id,
            'date_order': _moment(days_ago + 3),
            'payment_term_id': customer.property_payment_term_id.id,
            'order_line': [(0, 0, {'product_id': machine.id, 'product_uom_qty': quantity})]})
        order.action_confirm()
        _backdate_confirmation(order, _moment(days_ago + 3))
        orders.append((key, order, days_ago))
    return orders


def _backdate_confirmation(order, moment):
    # in SQL: the add-on lets only the confirmation itself set the date
    order.env.cr.execute('UPDATE sale_order SET confirmation_date = %s WHERE id = %s',
                         (moment, order.id))
    order.invalidate_cache(['confirmation_date'], order.ids)


def _machine_deliveries(orders):
    """The machines leave (the reserved serial numbers), are invoiced and paid; returns the
    delivered serial numbers of each customer."""
    lots = {}
    for key, order, days_ago in orders:
        _deliver(order, days_ago)
        # the warranty counts from the day the serial number left
        moves = order.picking_ids.mapped('move_lines')
        moves.write({'date': _moment(days_ago)})
        moves.mapped('move_line_ids').write({'date': _moment(days_ago)})
        _pay(_invoice(order, days_ago), days_ago - 20)
        lots[key] = moves.mapped('move_line_ids.lot_id')
    return lots


def _delivery_of(env, customer, product):
    """The customer's last done delivery of the product."""
    return env['stock.move'].search([
        ('picking_id.partner_id', 'child_of', customer.id), ('product_id', '=', product.id),
        ('state', '=', 'done'), ('location_dest_id.usage', '=', 'customer')],
        order='date desc, id desc', limit=1).picking_id


def _service_requests(env, customers, products, lots, users, outlets):
    """One request of each type, at every stage, recorded by the service desk and handled
    by the technician with the host's repair, return, exchange and invoice documents."""
    stage = lambda name: env.ref('customer_service_mgmt.service_stage_' + name).id  # noqa: E731
    kind = lambda name: env.ref('customer_service_mgmt.service_type_' + name).id  # noqa: E731
    desk = env['cs.service.request'].sudo(users['service'])
    tech = users['tech']
    machine = products[MACHINE[0]]

    def request(name, key, type_name, days_ago, description, **values):
        customer = customers[key]
        vals = dict({'partner_id': customer.id, 'contact_id': customer.child_ids[:1].id,
                     'type_id': kind(type_name), 'date_request': _moment(days_ago),
                     'description': description, 'user_id': tech.id}, **values)
        record = desk.create(vals)
        _xmlid(record, 'service_request_' + name)
        return record

    # repair under warranty: the repair order is free and under way in the workshop
    repair = request('repair_warranty', 'huatong', 'repair', 6,
                     '钻孔压入机主轴异响，压入深度不稳定，影响铰链安装质量。',
                     lot_id=lots['huatong'][0].id, priority='2', channel='phone')
    repair.write({'stage_id': stage('accepted')})
    repair.sudo(tech).action_register_visit()
    repair.sudo(tech).action_create_repair()
    workshop = repair.sudo(tech).repair_ids
    workshop.action_repair_confirm()
    workshop.action_repair_start()
    # repair out of warranty: the repair order will be invoiced after the repair
    paid_repair = request('repair_paid', 'jiayi', 'repair', 3,
                          '设备气缸漏气，压入力不足，需要更换气缸密封件。',
                          lot_id=lots['jiayi'][0].id, channel='email')
    paid_repair.write({'stage_id': stage('accepted')})
    paid_repair.sudo(tech).action_create_repair()
    # return of damaged handles: the returned goods are received, the request is resolved
    handles = products['HM-P160']
    returned = request('return', 'oulang', 'return', 5,
                       '160mm 铝合金拉手 200 只表面划伤，客户要求退货。',
                       product_id=handles.id, quantity=200,
                       picking_id=_delivery_of(env, customers['oulang'], handles).id)
    returned.write({'stage_id': stage('in_progress')})
    returned.sudo(tech).action_create_return()
    for picking in returned.service_picking_ids:
        env['stock.immediate.transfer'].create({'pick_ids': [(4, picking.id)]}).process()
    # exchange of the failed hinges: return and replacement wait for the warehouse
    hinges = products['HM-H35C']
    exchange = request('exchange', 'meijia', 'exchange', 1,
                       '35mm 阻尼铰链 12 只阻尼失效，换新货。', product_id=hinges.id, quantity=12,
                       picking_id=_delivery_of(env, customers['meijia'], hinges).id,
                       channel='portal')
    exchange.write({'stage_id': stage('in_progress')})
    exchange.sudo(tech).action_create_return()
    # paid training: the fee is invoiced and the accountant posts the invoice
    training = request('training', 'chuangyi', 'training', 12,
                       '新入职安装工 6 人，需要铰链与滑轨安装调试培训（半天）。',
                       service_fee=1500.0, channel='phone', scheduled_date=_moment(8))
    training.write({'stage_id': stage('in_progress')})
    training.sudo(users['service']).action_create_invoice()
    training.invoice_ids.sudo(users['account']).action_invoice_open()
    training.write({'stage_id': stage('resolved'),
                    'resolution': '已完成现场培训 6 人，发放安装手册。'})
    # installation of a new machine: just received from the portal
    request('installation', 'meijia', 'installation', 0,
            '新购铰链钻孔压入机到货，请安排上门安装调试。', lot_id=lots['meijia'][0].id,
            channel='portal', user_id=False)
    # maintenance done and closed, followed up by phone
    upkeep = request('maintenance', 'huatong', 'maintenance', 25,
                     '设备半年保养：清洁导轨、更换润滑油、校准压入深度。',
                     lot_id=lots['huatong'][1].id, channel='phone', scheduled_date=_moment(20))
    upkeep.sudo(tech).action_register_visit()
    upkeep.write({'stage_id': stage('closed'), 'resolution': '保养完成，压入深度校准至 ±0.2mm。'})
    upkeep.write({'followup_rating': '4', 'followup_note': '客户对保养及时性满意。'})
    upkeep.sudo(users['service']).action_followup_done()
    # technical support by phone, resolved on the call
    request('support', 'lida', 'support', 2, '客户咨询阻尼铰链开门角度调节方法。',
            product_id=hinges.id, channel='phone', stage_id=stage('resolved'),
            resolution='电话指导调节铰链侧面螺丝，客户已调整好。')


# ---------------------------------------------------------------------- credit management
# 5C scores (character, capacity, capital, collateral, conditions) with the evidence
EVALUATIONS = [
    # 佳艺: approved by the credit manager, sets limit, grade and next review
    ('jiayi', [(9, '近一年 6 张发票均在账期内付款'), (8, '年销售额稳定增长约 12%'),
               (7, '注册资本 2000 万元，资产负债率 48%'), (6, '法人代表个人担保'),
               (8, '定制家具行业需求平稳')], 'approve'),
    # 新港: a new customer, submitted and waiting for the credit manager
    ('xingang', [(7, '新客户，同行推荐，无不良记录'), (6, '建材贸易，年营业额约 8000 万元'),
                 (6, '注册资本 500 万元'), (3, '暂无担保'), (7, '长三角装修市场活跃')], 'submit'),
]


def _credit_reviews(env, customers, users):
    """A credit investigation of the new customer, then 5C evaluations scored by the
    credit controller; the credit manager approves one, the other waits for him."""
    controller, manager = users['credit'], users['creditmgr']
    investigation = env['cs.credit.investigation'].sudo(controller).create({
        'partner_id': customers['xingang'].id, 'user_id': controller.id,
        'check_registration': True, 'check_bank': True, 'check_trade_references': True,
        'check_litigation': True,
        'sources': '国家企业信用信息公示系统；开户银行资信证明；两家同行供应商的付款记录。',
        'findings': '2016 年成立，注册资本 500 万元，无行政处罚与涉诉记录；同行反馈付款及时。',
        'conclusion': 'favourable'})
    _xmlid(investigation, 'credit_investigation_xingang')
    template = env.ref('customer_service_mgmt.credit_template_5c')
    for key, scores, outcome in EVALUATIONS:
        evaluation = env['cs.credit.evaluation'].sudo(controller).create({
            'partner_id': customers[key].id, 'template_id': template.id,
            'notes': '年度信用评审' if outcome == 'approve' else '新客户首次授信'})
        for line, (score, evidence) in zip(evaluation.line_ids.sorted('sequence'), scores):
            line.write({'score': score, 'comment': evidence})
        evaluation.action_submit()
        if outcome == 'approve':
            evaluation.sudo(manager).action_approve()
        _xmlid(evaluation, 'credit_evaluation_' + key)


# quotations the salesman confirms once the credit profiles are set: customer, lines,
# the credit controller's decision (None: waits in the hold queue) and its reason
HELD_ORDERS = [
    ('huatong', [('HM-H35C', 8000), ('HM-S450', 1200)], None, None),
    ('lida', [('HM-H35S', 1200), ('HM-L20', 400)], 'release',
     '利达为老客户，店主承诺本周五前结清上月货款，先行放行本单。'),
    ('hongyun', [('HM-H35S', 7000), ('HM-S350', 1000)], 'reject',
     '鸿运三张发票逾期超过 60 天，催收未果，本单拒绝，待结清欠款后重新下单。'),
]


def _credit_holds(env, customers, products, users):
    """The salesman confirms quotations that the credit policy holds; the credit
    controller releases one and rejects one with a written reason (audited)."""
    salesman, controller = users['sales'], users['credit']
    for key, lines, decision, reason in HELD_ORDERS:
        customer = customers[key]
        order = env['sale.order'].sudo(salesman).create({
            'partner_id': customer.id, 'payment_term_id': customer.property_payment_term_id.id,
            'order_line': [(0, 0, {'product_id': products[code].id, 'product_uom_qty': quantity})
                           for code, quantity in lines]})
        order.action_confirm()
        order = order.sudo()
        if not order.credit_hold:
            raise RuntimeError('demo order %s for %s was not held' % (order.name, key))
        _xmlid(order, 'held_order_' + key)
        if decision:
            env['cs.credit.decision.wizard'].sudo(controller).create({
                'order_ids': [(6, 0, order.ids)], 'decision': decision,
                'reason': reason}).action_apply()


# ---------------------------------------------------------------------- customer base
# customer, user, kind, days ago, contact index, purpose, outcome, next step, due in days
INTERACTIONS = [
    ('meijia', 'sales', 'visit', 35, 0, '季度拜访：新品阻尼铰链推介',
     '客户对 110° 阻尼铰链感兴趣，要求提供样品 50 只。', '寄送 110° 阻尼铰链样品', 3),
    ('meijia', 'service', 'call_in', 4, 1, '咨询对账单差异',
     '上月对账单少计一笔退货冲销，已核对。', '发送更正后的对账单', 1),
    ('huatong', 'sales', 'call_out', 6, 0, '催问延期交货影响',
     '客户安装进度受影响，希望下批货优先发运。', '与仓库确认下批货发运日期', 2),
    ('jiayi', 'sales', 'meeting', 14, 0, '年度供货框架协议洽谈',
     '双方同意 2 年框架协议，滑轨价格下调 3%。', '起草框架协议并报销售经理审批', 7),
    ('oulang', 'service', 'email', 3, 0, '包装破损整改说明',
     '已发送包装改进方案（加厚纸箱与护角）。', '下批到货后回访包装情况', 10),
    ('fuda', 'sales', 'call_out', 2, 0, '了解停止下单原因',
     '客户去年改用其他供应商的滑轨，对价格敏感。', '准备滑轨专项报价并预约拜访', 5),
]

# key accounts: customer, visit every n days, service plan, customer type, company size
KEY_ACCOUNTS = [
    ('meijia', 30, '每月拜访一次；新品优先试样；专属客服林晓敏；季度对账。', 'xlarge'),
    ('huatong', 45, '每 45 天拜访；交期异常 24 小时内通报；年度质量回顾会。', 'large'),
]


def _customer_base(env, customers, users):
    """Key accounts with their visit plans, interactions of each kind with next steps,
    the ABC classes and the ordering status computed, a win-back plan for the lost
    customer."""
    # sales regions of the customer base (华南 / 华东, by province)
    for code, name, provinces in (('SC', '华南', ('GD',)), ('EC', '华东', ('SH', 'ZJ'))):
        region = env['cs.partner.region'].create({'name': name, 'code': code})
        states = [env.ref('l10n_cn.state_' + province) for province in provinces]
        for customer in customers.values():
            if customer.state_id in states:
                customer.cs_region_id = region
    for key, interval, plan, size in KEY_ACCOUNTS:
        customers[key].sudo(users['salesmgr']).write({
            'cs_key_account': True, 'cs_account_manager_id': users['sales'].id,
            'cs_visit_interval_days': interval, 'cs_service_plan': plan,
            'cs_company_size': size,
            'cs_dedicated_contact_id': users['service'].id})
    for key, login, kind, days_ago, contact, purpose, outcome, step, due in INTERACTIONS:
        customer = customers[key]
        env['cs.interaction'].sudo(users[login]).create({
            'partner_id': customer.id, 'contact_id': customer.child_ids[contact].id,
            'kind': kind, 'date': _moment(days_ago), 'purpose': purpose, 'outcome': outcome,
            'next_step': step, 'next_step_date': _day(days_ago - due)})
    # the key-account visits due now (the scheduled action does this every day)
    env['res.partner']._cron_key_account_visits()
    # the classification the scheduled action made half a year ago, then today's by the
    # manager's button: the class changes between them are in the ABC history
    env['cs.customer.segment'].compute_abc(env.user.company_id, _day(180))
    env['cs.customer.segment'].sudo(users['csmgr']).action_recompute()
    segments = env['cs.customer.segment'].search([('churn_state', 'in', ('at_risk', 'lost'))])
    lost = segments.filtered(lambda s: s.partner_id == customers['fuda'])
    if not lost or lost.churn_state != 'lost':
        raise RuntimeError('demo customer fuda is not lost: %s' % segments.mapped('churn_state'))
    lost.sudo(users['sales']).action_start_winback()
