# -*- coding: utf-8 -*-
from psycopg2 import sql

from odoo import api, fields, models

# Each source table feeds one column of cs_credit_exposure through a trigger that adds the
# change of its row's contribution.  The exposure read at order confirmation is then one
# row, whatever the number of open invoices and orders (no recompute storms, no scans).
#
# The open receivables are also kept per due date in cs_credit_due (partner, company,
# date_maturity -> positive residual), so that the overdue amount (receivables due before
# today - credit terms) is a range over at most one row per due date, however many open
# invoices the customer has.
_TRIGGERS_SQL = """
CREATE TABLE IF NOT EXISTS cs_credit_due (
    partner_id integer NOT NULL REFERENCES res_partner (id) ON DELETE CASCADE,
    company_id integer NOT NULL REFERENCES res_company (id) ON DELETE CASCADE,
    date_maturity date NOT NULL,
    residual numeric NOT NULL DEFAULT 0,
    PRIMARY KEY (partner_id, company_id, date_maturity)
);

CREATE OR REPLACE FUNCTION cs_due_add(p_partner integer, p_company integer, p_date date,
                                      p_delta numeric) RETURNS void AS $$
DECLARE
    v_residual numeric;
BEGIN
    IF p_partner IS NULL OR p_company IS NULL OR p_date IS NULL OR p_delta IS NULL OR p_delta = 0 THEN
        RETURN;
    END IF;
    INSERT INTO cs_credit_due AS due (partner_id, company_id, date_maturity, residual)
    VALUES (p_partner, p_company, p_date, p_delta)
    ON CONFLICT (partner_id, company_id, date_maturity)
    DO UPDATE SET residual = due.residual + EXCLUDED.residual
    RETURNING residual INTO v_residual;
    IF v_residual = 0 THEN  -- a paid due date leaves no row behind
        DELETE FROM cs_credit_due
        WHERE partner_id = p_partner AND company_id = p_company AND date_maturity = p_date
          AND residual = 0;
    END IF;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION cs_exposure_add(p_partner integer, p_company integer,
                                           p_column text, p_delta numeric) RETURNS void AS $$
BEGIN
    IF p_partner IS NULL OR p_company IS NULL OR p_delta IS NULL OR p_delta = 0 THEN
        RETURN;
    END IF;
    EXECUTE format(
        'INSERT INTO cs_credit_exposure (partner_id, company_id, %1$I, amount_total)
         VALUES ($1, $2, $3, $3)
         ON CONFLICT (partner_id, company_id) DO UPDATE
         SET %1$I = cs_credit_exposure.%1$I + $3,
             amount_total = cs_credit_exposure.amount_total + $3', p_column)
    USING p_partner, p_company, p_delta;
END $$ LANGUAGE plpgsql;

-- posted receivable lines: residual in company currency (invoices, credit notes, payments),
-- and the positive residuals by due date
CREATE OR REPLACE FUNCTION cs_exposure_aml() RETURNS trigger AS $$
DECLARE
    v_partner integer;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.partner_id IS NOT NULL
       AND (SELECT internal_type FROM account_account WHERE id = OLD.account_id) = 'receivable' THEN
        v_partner := (SELECT commercial_partner_id FROM res_partner WHERE id = OLD.partner_id);
        PERFORM cs_exposure_add(v_partner, OLD.company_id, 'receivable', -COALESCE(OLD.amount_residual, 0));
        PERFORM cs_due_add(v_partner, OLD.company_id, OLD.date_maturity,
                           -GREATEST(COALESCE(OLD.amount_residual, 0), 0));
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.partner_id IS NOT NULL
       AND (SELECT internal_type FROM account_account WHERE id = NEW.account_id) = 'receivable' THEN
        v_partner := (SELECT commercial_partner_id FROM res_partner WHERE id = NEW.partner_id);
        PERFORM cs_exposure_add(v_partner, NEW.company_id, 'receivable', COALESCE(NEW.amount_residual, 0));
        PERFORM cs_due_add(v_partner, NEW.company_id, NEW.date_maturity,
                           GREATEST(COALESCE(NEW.amount_residual, 0), 0));
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

-- customer invoices and credit notes not yet validated
CREATE OR REPLACE FUNCTION cs_exposure_invoice() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.type IN ('out_invoice', 'out_refund')
       AND OLD.state IN ('draft', 'proforma', 'proforma2') THEN
        PERFORM cs_exposure_add(OLD.commercial_partner_id, OLD.company_id, 'draft_invoices',
                                -COALESCE(OLD.amount_total_company_signed, 0));
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.type IN ('out_invoice', 'out_refund')
       AND NEW.state IN ('draft', 'proforma', 'proforma2') THEN
        PERFORM cs_exposure_add(NEW.commercial_partner_id, NEW.company_id, 'draft_invoices',
                                COALESCE(NEW.amount_total_company_signed, 0));
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

-- confirmed sale order lines: what is not invoiced yet (cs_uninvoiced_amount)
CREATE OR REPLACE FUNCTION cs_exposure_sale_line() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM cs_exposure_add((SELECT commercial_partner_id FROM res_partner WHERE id = OLD.order_partner_id),
                                OLD.company_id, 'open_orders', -COALESCE(OLD.cs_uninvoiced_amount, 0));
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM cs_exposure_add((SELECT commercial_partner_id FROM res_partner WHERE id = NEW.order_partner_id),
                                NEW.company_id, 'open_orders', COALESCE(NEW.cs_uninvoiced_amount, 0));
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

-- a contact moved to another company (parent changed, partners merged): the rows of its
-- receivable lines and order lines move with it (draft invoices follow through their own
-- stored commercial_partner_id, updated by the ORM or the merge)
CREATE OR REPLACE FUNCTION cs_exposure_partner() RETURNS trigger AS $$
DECLARE
    r record;
BEGIN
    IF OLD.commercial_partner_id IS NOT DISTINCT FROM NEW.commercial_partner_id THEN
        RETURN NULL;
    END IF;
    FOR r IN SELECT aml.company_id, SUM(aml.amount_residual) AS amount
             FROM account_move_line aml
             JOIN account_account a ON a.id = aml.account_id AND a.internal_type = 'receivable'
             WHERE aml.partner_id = NEW.id GROUP BY aml.company_id LOOP
        PERFORM cs_exposure_add(OLD.commercial_partner_id, r.company_id, 'receivable', -r.amount);
        PERFORM cs_exposure_add(NEW.commercial_partner_id, r.company_id, 'receivable', r.amount);
    END LOOP;
    FOR r IN SELECT aml.company_id, aml.date_maturity, SUM(aml.amount_residual) AS amount
             FROM account_move_line aml
             JOIN account_account a ON a.id = aml.account_id AND a.internal_type = 'receivable'
             WHERE aml.partner_id = NEW.id AND aml.amount_residual > 0
             GROUP BY aml.company_id, aml.date_maturity LOOP
        PERFORM cs_due_add(OLD.commercial_partner_id, r.company_id, r.date_maturity, -r.amount);
        PERFORM cs_due_add(NEW.commercial_partner_id, r.company_id, r.date_maturity, r.amount);
    END LOOP;
    FOR r IN SELECT sol.company_id, SUM(sol.cs_uninvoiced_amount) AS amount
             FROM sale_order_line sol
             WHERE sol.order_partner_id = NEW.id GROUP BY sol.company_id LOOP
        PERFORM cs_exposure_add(OLD.commercial_partner_id, r.company_id, 'open_orders', -r.amount);
        PERFORM cs_exposure_add(NEW.commercial_partner_id, r.company_id, 'open_orders', r.amount);
    END LOOP;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

-- the host's partner merge re-points every foreign key to the kept partner, these rows
-- included; their amounts move with the documents instead (triggers above), so the rows
-- keep their partner (those of the merged partner are deleted with it, by cascade)
CREATE OR REPLACE FUNCTION cs_exposure_keep_partner() RETURNS trigger AS $$
BEGIN
    IF OLD.partner_id IS DISTINCT FROM NEW.partner_id THEN
        RETURN NULL;
    END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS cs_exposure_partner ON res_partner;
CREATE TRIGGER cs_exposure_partner AFTER UPDATE OF commercial_partner_id
    ON res_partner FOR EACH ROW EXECUTE PROCEDURE cs_exposure_partner();
DROP TRIGGER IF EXISTS cs_exposure_keep_partner ON cs_credit_exposure;
CREATE TRIGGER cs_exposure_keep_partner BEFORE UPDATE OF partner_id
    ON cs_credit_exposure FOR EACH ROW EXECUTE PROCEDURE cs_exposure_keep_partner();
DROP TRIGGER IF EXISTS cs_due_keep_partner ON cs_credit_due;
CREATE TRIGGER cs_due_keep_partner BEFORE UPDATE OF partner_id
    ON cs_credit_due FOR EACH ROW EXECUTE PROCEDURE cs_exposure_keep_partner();

DROP TRIGGER IF EXISTS cs_exposure_aml ON account_move_line;
CREATE TRIGGER cs_exposure_aml AFTER INSERT OR DELETE OR UPDATE OF amount_residual, partner_id, account_id, company_id, date_maturity
    ON account_move_line FOR EACH ROW EXECUTE PROCEDURE cs_exposure_aml();
DROP TRIGGER IF EXISTS cs_exposure_invoice ON account_invoice;
CREATE TRIGGER cs_exposure_invoice AFTER INSERT OR DELETE OR UPDATE OF state, type, amount_total_company_signed, commercial_partner_id, company_id
    ON account_invoice FOR EACH ROW EXECUTE PROCEDURE cs_exposure_invoice();
DROP TRIGGER IF EXISTS cs_exposure_sale_line ON sale_order_line;
CREATE TRIGGER cs_exposure_sale_line AFTER INSERT OR DELETE OR UPDATE OF cs_uninvoiced_amount, order_partner_id, company_id
    ON sale_order_line FOR EACH ROW EXECUTE PROCEDURE cs_exposure_sale_line();
"""

# The figures recomputed from scratch from the source tables: what the triggers must keep.
# rebuild() writes them, drift() compares them with the maintained rows.
_SCRATCH_EXPOSURE_SQL = """
SELECT partner_id, company_id, SUM(receivable) AS receivable,
       SUM(draft_invoices) AS draft_invoices, SUM(open_orders) AS open_orders,
       SUM(receivable + draft_invoices + open_orders) AS amount_total
FROM (
    SELECT p.commercial_partner_id AS partner_id, aml.company_id, aml.amount_residual AS receivable,
           0 AS draft_invoices, 0 AS open_orders
    FROM account_move_line aml
    JOIN account_account a ON a.id = aml.account_id AND a.internal_type = 'receivable'
    JOIN res_partner p ON p.id = aml.partner_id
    WHERE aml.amount_residual <> 0
    UNION ALL
    SELECT inv.commercial_partner_id, inv.company_id, 0, inv.amount_total_company_signed, 0
    FROM account_invoice inv
    WHERE inv.type IN ('out_invoice', 'out_refund') AND inv.state IN ('draft', 'proforma', 'proforma2')
    UNION ALL
    SELECT p.commercial_partner_id, sol.company_id, 0, 0, sol.cs_uninvoiced_amount
    FROM sale_order_line sol
    JOIN res_partner p ON p.id = sol.order_partner_id
    WHERE sol.cs_uninvoiced_amount <> 0
) parts
WHERE partner_id IS NOT NULL AND company_id IS NOT NULL
GROUP BY partner_id, company_id
"""

_SCRATCH_DUE_SQL = """
SELECT p.commercial_partner_id AS partner_id, aml.company_id, aml.date_maturity,
       SUM(aml.amount_residual) AS residual
FROM account_move_line aml
JOIN account_account a ON a.id = aml.account_id AND a.internal_type = 'receivable'
JOIN res_partner p ON p.id = aml.partner_id
WHERE aml.amount_residual > 0 AND aml.company_id IS NOT NULL AND aml.date_maturity IS NOT NULL
  AND p.commercial_partner_id IS NOT NULL
GROUP BY p.commercial_partner_id, aml.company_id, aml.date_maturity
"""

_REBUILD_SQL = """
DELETE FROM cs_credit_exposure;
INSERT INTO cs_credit_exposure (partner_id, company_id, receivable, draft_invoices, open_orders, amount_total)
SELECT partner_id, company_id, receivable, draft_invoices, open_orders, amount_total
FROM (%s) scratch;

DELETE FROM cs_credit_due;
INSERT INTO cs_credit_due (partner_id, company_id, date_maturity, residual)
SELECT partner_id, company_id, date_maturity, residual FROM (%s) scratch;
""" % (_SCRATCH_EXPOSURE_SQL, _SCRATCH_DUE_SQL)

_EXPOSURE_COLUMNS = ('receivable', 'draft_invoices', 'open_orders', 'amount_total')

# every database object the add-on creates outside the ORM (dropped by the uninstall hook)
TRIGGERS = (('cs_exposure_aml', 'account_move_line'), ('cs_exposure_invoice', 'account_invoice'),
            ('cs_exposure_sale_line', 'sale_order_line'), ('cs_exposure_partner', 'res_partner'),
            ('cs_exposure_keep_partner', 'cs_credit_exposure'),
            ('cs_due_keep_partner', 'cs_credit_due'))
FUNCTIONS = ('cs_exposure_aml()', 'cs_exposure_invoice()', 'cs_exposure_sale_line()',
             'cs_exposure_partner()', 'cs_exposure_keep_partner()',
             'cs_exposure_add(integer, integer, text, numeric)',
             'cs_due_add(integer, integer, date, numeric)')
TABLES = ('cs_credit_due',)
INDEXES = ('cs_aml_open_due_idx',)


def drop_database_objects(cr):
    """Remove the triggers, functions, table and index of the exposure (uninstall)."""
    for trigger, table in TRIGGERS:
        cr.execute("SELECT 1 FROM pg_class WHERE relname = %s AND relkind = 'r'", (table,))
        if cr.fetchone():
            cr.execute(sql.SQL('DROP TRIGGER IF EXISTS {} ON {}').format(
                sql.Identifier(trigger), sql.Identifier(table)).as_string(cr._obj))
    for function in FUNCTIONS:
        # a signature of FUNCTIONS above, "name(argument types)": SQL text, not data
        cr.execute(sql.SQL('DROP FUNCTION IF EXISTS {}').format(sql.SQL(function)).as_string(cr._obj))
    for table in TABLES:
        cr.execute(sql.SQL('DROP TABLE IF EXISTS {}').format(sql.Identifier(table)).as_string(cr._obj))
    for index in INDEXES:
        cr.execute(sql.SQL('DROP INDEX IF EXISTS {}').format(sql.Identifier(index)).as_string(cr._obj))


class CsCreditExposure(models.Model):
    """Running credit exposure per commercial partner and company, in company currency.

    Maintained by database triggers (see ``_TRIGGERS_SQL``), so every path that changes
    invoices, payments or orders keeps it right, including raw SQL and imports.
    """
    _name = 'cs.credit.exposure'
    _description = 'Credit Exposure'
    _order = 'amount_total desc'
    _rec_name = 'partner_id'

    partner_id = fields.Many2one('res.partner', string='Customer', required=True, readonly=True,
                                 ondelete='cascade', index=True)
    company_id = fields.Many2one('res.company', required=True, readonly=True,
                                 ondelete='cascade')
    currency_id = fields.Many2one(related='company_id.currency_id', string='Currency', readonly=True)
    receivable = fields.Monetary(string='Open Receivables', readonly=True,
                                 help='Residual of posted customer invoices, less credit notes '
                                      'and unreconciled payments.')
    draft_invoices = fields.Monetary(readonly=True)
    open_orders = fields.Monetary(string='Uninvoiced Orders', readonly=True,
                                  help='Confirmed sale orders not invoiced yet.')
    amount_total = fields.Monetary(string='Exposure', readonly=True)
    credit_limit = fields.Float(related='partner_id.credit_limit', string='Credit Limit',
                                readonly=True)
    grade_id = fields.Many2one(related='partner_id.cs_credit_grade_id', string='Credit Grade',
                               readonly=True)
    checked_count = fields.Integer(string='Credit Checks', readonly=True,
                                   help='Number of credit checks run for this customer; the '
                                        'check updates this row to serialise concurrent checks.')

    _sql_constraints = [
        ('partner_company_uniq', 'unique (partner_id, company_id)',
         'There is one exposure row per customer and company.'),
    ]

    @api.model_cr
    def init(self):
        self.env.cr.execute("""ALTER TABLE cs_credit_exposure
            ALTER COLUMN receivable SET DEFAULT 0, ALTER COLUMN draft_invoices SET DEFAULT 0,
            ALTER COLUMN open_orders SET DEFAULT 0, ALTER COLUMN amount_total SET DEFAULT 0,
            ALTER COLUMN checked_count SET DEFAULT 0""")
        # open reconcilable lines only (Odoo keeps amount_residual = 0 on the others):
        # finds a customer's oldest unpaid due date without scanning its paid history
        self.env.cr.execute("""CREATE INDEX IF NOT EXISTS cs_aml_open_due_idx
            ON account_move_line (partner_id, date_maturity) WHERE amount_residual > 0""")

    @api.model
    def rebuild(self):
        """(Re)install the triggers and recompute every row from the source tables.

        Called by the module's data on install/upgrade (after every model has its columns,
        which ``init()`` cannot rely on) and after merging partners.
        """
        self.env.cr.execute(_TRIGGERS_SQL)
        self.env.cr.execute(_REBUILD_SQL)
        self.invalidate_cache()
        return True

    @api.model
    def drift(self):
        """Differences between the maintained rows and a from-scratch recomputation, column
        by column: [(table, key, column, maintained, recomputed)]; empty when all is true.
        A missing row counts as zero."""
        cr = self.env.cr
        differences = []
        cr.execute(sql.SQL("""
            SELECT COALESCE(m.partner_id, s.partner_id), COALESCE(m.company_id, s.company_id),
                   {columns}
            FROM cs_credit_exposure m FULL OUTER JOIN ({scratch}) s
              ON s.partner_id = m.partner_id AND s.company_id = m.company_id
        """).format(columns=sql.SQL(', ').join(
            sql.SQL('COALESCE(m.{column}, 0), COALESCE(s.{column}, 0)').format(
                column=sql.Identifier(column)) for column in _EXPOSURE_COLUMNS),
            scratch=sql.SQL(_SCRATCH_EXPOSURE_SQL)).as_string(cr._obj))
        for row in cr.fetchall():
            for index, column in enumerate(_EXPOSURE_COLUMNS):
                kept, scratch = row[2 + 2 * index], row[3 + 2 * index]
                if round(float(kept) - float(scratch), 2):
                    differences.append(('cs_credit_exposure', row[:2], column, kept, scratch))
        cr.execute(sql.SQL("""
            SELECT COALESCE(m.partner_id, s.partner_id), COALESCE(m.company_id, s.company_id),
                   COALESCE(m.date_maturity, s.date_maturity)::text,
                   COALESCE(m.residual, 0), COALESCE(s.residual, 0)
            FROM cs_credit_due m FULL OUTER JOIN ({}) s
              ON s.partner_id = m.partner_id AND s.company_id = m.company_id
             AND s.date_maturity = m.date_maturity
        """).format(sql.SQL(_SCRATCH_DUE_SQL)).as_string(cr._obj))
        for partner, company, day, kept, scratch in cr.fetchall():
            if round(float(kept) - float(scratch), 2):
                differences.append(('cs_credit_due', (partner, company, day), 'residual',
                                    kept, scratch))
        return differences
