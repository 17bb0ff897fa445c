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
#
# ONE DEFINITION: what a row of a source table contributes is written once, in SOURCES: a
# query over the rows "{rows}" of the table (alias src) giving, per row, its commercial
# partner, company, its amount for each exposure column and its due date and due amount.
# The triggers run it over their OLD and NEW row, the rebuild and drift() over the whole
# table (summed), and the partner trigger over the rows of a contact that moves: the
# maintained figures and the from-scratch ones cannot define the exposure differently.
EXPOSURE_COLUMNS = ('receivable', 'draft_invoices', 'open_orders')  # amount_total: their sum
_PART_COLUMNS = EXPOSURE_COLUMNS + ('date_maturity', 'due_residual')

# (trigger and its table, the columns whose change changes the contribution, the column
# naming the row's partner when a contact can move with its rows, the contribution query)
SOURCES = (
    # posted receivable lines: residual in company currency (invoices, credit notes,
    # payments), and the positive residuals by due date
    ('cs_exposure_aml', 'account_move_line',
     'amount_residual, partner_id, account_id, company_id, date_maturity', 'partner_id', """
        SELECT p.commercial_partner_id AS partner_id, src.company_id,
               COALESCE(src.amount_residual, 0) AS receivable, 0 AS draft_invoices,
               0 AS open_orders, src.date_maturity,
               GREATEST(COALESCE(src.amount_residual, 0), 0) AS due_residual
        FROM {rows} src
        JOIN account_account a ON a.id = src.account_id AND a.internal_type = 'receivable'
        JOIN res_partner p ON p.id = src.partner_id"""),
    # customer invoices and credit notes not yet validated (they follow a moved contact
    # through their own stored commercial_partner_id, updated by the ORM or the merge)
    ('cs_exposure_invoice', 'account_invoice',
     'state, type, amount_total_company_signed, commercial_partner_id, company_id', None, """
        SELECT src.commercial_partner_id AS partner_id, src.company_id, 0 AS receivable,
               COALESCE(src.amount_total_company_signed, 0) AS draft_invoices,
               0 AS open_orders, NULL::date AS date_maturity, 0 AS due_residual
        FROM {rows} src
        WHERE src.type IN ('out_invoice', 'out_refund')
          AND src.state IN ('draft', 'proforma', 'proforma2')"""),
    # confirmed sale order lines: what is not invoiced yet (cs_uninvoiced_amount)
    ('cs_exposure_sale_line', 'sale_order_line',
     'cs_uninvoiced_amount, order_partner_id, company_id', 'order_partner_id', """
        SELECT p.commercial_partner_id AS partner_id, src.company_id, 0 AS receivable,
               0 AS draft_invoices, COALESCE(src.cs_uninvoiced_amount, 0) AS open_orders,
               NULL::date AS date_maturity, 0 AS due_residual
        FROM {rows} src
        JOIN res_partner p ON p.id = src.order_partner_id"""),
)


def _parts(rows):
    """The contributions of the source rows, one row each (UNION ALL of SOURCES);
    ``rows(table, contact_column)``: the rows of that table to read (SQL), None to skip it."""
    parts = []
    for _trigger, table, _watch, contact, query in SOURCES:
        source_rows = rows(table, contact)
        if source_rows:
            parts.append(query.format(rows=source_rows))
    return '\nUNION ALL'.join(parts)


def _apply_sql(partner, company, sign, record='r'):
    """PL/pgSQL adding ``sign`` times the contribution ``record`` to ``partner``."""
    lines = ["PERFORM cs_exposure_add(%s, %s, '%s', %s%s.%s);" % (
        partner, company, column, sign, record, column) for column in EXPOSURE_COLUMNS]
    lines.append('PERFORM cs_due_add(%s, %s, %s.date_maturity, %s%s.due_residual);' % (
        partner, company, record, sign, record))
    return '\n            '.join(lines)


_SOURCE_TRIGGER = """
CREATE OR REPLACE FUNCTION {trigger}() RETURNS trigger AS $$
DECLARE
    r record;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        FOR r IN {old} LOOP
            {remove}
        END LOOP;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        FOR r IN {new} LOOP
            {add}
        END LOOP;
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS {trigger} ON {table};
CREATE TRIGGER {trigger} AFTER INSERT OR DELETE OR UPDATE OF {watch}
    ON {table} FOR EACH ROW EXECUTE PROCEDURE {trigger}();
"""


def _source_triggers_sql():
    functions = []
    for trigger, table, watch, _contact, query in SOURCES:
        functions.append(_SOURCE_TRIGGER.format(
            trigger=trigger, table=table, watch=watch,
            old=query.format(rows='(SELECT (OLD).*)'), new=query.format(rows='(SELECT (NEW).*)'),
            remove=_apply_sql('r.partner_id', 'r.company_id', '-'),
            add=_apply_sql('r.partner_id', 'r.company_id', '')))
    return ''.join(functions)


# a contact moved to another company (parent changed, partners merged): the contributions
# of the rows naming it (receivable lines, order lines) move with it
_PARTNER_TRIGGER = """
CREATE OR REPLACE FUNCTION cs_exposure_partner() RETURNS trigger AS $$
DECLARE
    r record;
BEGIN
    IF OLD.commercial_partner_id IS NOT DISTINCT FROM NEW.commercial_partner_id THEN
        RETURN NULL;
    END IF;
    FOR r IN SELECT company_id, date_maturity, %(sums)s
             FROM (%(parts)s) part
             GROUP BY company_id, date_maturity LOOP
        %(remove)s
        %(add)s
    END LOOP;
    RETURN NULL;
END $$ LANGUAGE plpgsql;
""" % {
    'sums': ', '.join('SUM(%s) AS %s' % (column, column)
                      for column in EXPOSURE_COLUMNS + ('due_residual',)),
    'parts': _parts(lambda table, contact: contact and '(SELECT * FROM %s WHERE %s = NEW.id)'
                    % (table, contact)),
    'remove': _apply_sql('OLD.commercial_partner_id', 'r.company_id', '-'),
    'add': _apply_sql('NEW.commercial_partner_id', 'r.company_id', ''),
}

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
        'INSERT INTO cs_credit_exposure (partner_id, company_id, %%1$I, amount_total)
         VALUES ($1, $2, $3, $3)
         ON CONFLICT (partner_id, company_id) DO UPDATE
         SET %%1$I = cs_credit_exposure.%%1$I + $3,
             amount_total = cs_credit_exposure.amount_total + $3', p_column)
    USING p_partner, p_company, p_delta;
END $$ LANGUAGE plpgsql;
%(sources)s
%(partner)s
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
""" % {'sources': _source_triggers_sql(), 'partner': _PARTNER_TRIGGER}

# The figures recomputed from scratch, from the same SOURCES summed over the whole tables:
# what the triggers must keep.  rebuild() writes them, drift() compares them with the
# maintained rows.  Rows contributing nothing are left out (as the triggers add nothing).
_ALL_PARTS = _parts(lambda table, contact: table)

_SCRATCH_EXPOSURE_SQL = """
SELECT partner_id, company_id, %s, SUM(%s) AS amount_total
FROM (%s) parts
WHERE partner_id IS NOT NULL AND company_id IS NOT NULL AND (%s)
GROUP BY partner_id, company_id
""" % (', '.join('SUM(%s) AS %s' % (column, column) for column in EXPOSURE_COLUMNS),
       ' + '.join(EXPOSURE_COLUMNS), _ALL_PARTS,
       ' OR '.join('%s <> 0' % column for column in EXPOSURE_COLUMNS))

_SCRATCH_DUE_SQL = """
SELECT partner_id, company_id, date_maturity, SUM(due_residual) AS residual
FROM (%s) parts
WHERE partner_id IS NOT NULL AND company_id IS NOT NULL AND date_maturity IS NOT NULL
  AND due_residual <> 0
GROUP BY partner_id, company_id, date_maturity
HAVING SUM(due_residual) <> 0
""" % _ALL_PARTS

_REBUILD_SQL = """
DELETE FROM cs_credit_exposure;
INSERT INTO cs_credit_exposure (partner_id, company_id, %(columns)s, amount_total)
SELECT partner_id, company_id, %(columns)s, amount_total
FROM (%(exposure)s) scratch;

DELETE FROM cs_credit_due;
INSERT INTO cs_credit_due (partner_id, company_id, date_maturity, residual)
SELECT partner_id, company_id, date_maturity, residual FROM (%(due)s) scratch;
""" % {'columns': ', '.join(EXPOSURE_COLUMNS), 'exposure': _SCRATCH_EXPOSURE_SQL,
       'due': _SCRATCH_DUE_SQL}

# every column the triggers maintain, compared by drift(): (table, key columns, figures)
MAINTAINED = (('cs_credit_exposure', ('partner_id', 'company_id'),
               EXPOSURE_COLUMNS + ('amount_total',), _SCRATCH_EXPOSURE_SQL),
              ('cs_credit_due', ('partner_id', 'company_id', 'date_maturity'), ('residual',),
               _SCRATCH_DUE_SQL))

# every database object the add-on creates outside the ORM (dropped by the uninstall hook)
TRIGGERS = tuple((trigger, table) for trigger, table, _watch, _contact, _query in SOURCES) + (
    ('cs_exposure_partner', 'res_partner'), ('cs_exposure_keep_partner', 'cs_credit_exposure'),
    ('cs_due_keep_partner', 'cs_credit_due'))
FUNCTIONS = tuple('%s()' % trigger for trigger, _table, _watch, _contact, _query in SOURCES) + (
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
        self.env.cr.execute(sql.SQL('ALTER TABLE cs_credit_exposure {}').format(sql.SQL(', ').join(
            sql.SQL('ALTER COLUMN {} SET DEFAULT 0').format(sql.Identifier(column))
            for column in EXPOSURE_COLUMNS + ('amount_total', 'checked_count'))).as_string(
                self.env.cr._obj))
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
        """Differences between the maintained rows and a from-scratch recomputation (the
        same SOURCES), column by column, for every column the triggers maintain
        (``MAINTAINED``): [(table, key, column, maintained, recomputed)]; empty when all is
        true.  A missing row counts as zero."""
        cr = self.env.cr
        differences = []
        for table, keys, columns, scratch_sql in MAINTAINED:
            cr.execute(sql.SQL("""
                SELECT {keys}, {columns}
                FROM {table} m FULL OUTER JOIN ({scratch}) s ON {join}
                ORDER BY 1, 2
            """).format(
                keys=sql.SQL(', ').join(
                    sql.SQL('COALESCE(m.{key}, s.{key})' + ('::text' if key == 'date_maturity'
                                                             else '')).format(
                        key=sql.Identifier(key)) for key in keys),
                columns=sql.SQL(', ').join(
                    sql.SQL('COALESCE(m.{column}, 0), COALESCE(s.{column}, 0)').format(
                        column=sql.Identifier(column)) for column in columns),
                table=sql.Identifier(table), scratch=sql.SQL(scratch_sql),
                join=sql.SQL(' AND ').join(sql.SQL('s.{key} = m.{key}').format(
                    key=sql.Identifier(key)) for key in keys)).as_string(cr._obj))
            for row in cr.fetchall():
                values = row[len(keys):]
                for index, column in enumerate(columns):
                    kept, scratch = values[2 * index], values[2 * index + 1]
                    if round(float(kept) - float(scratch), 2):
                        differences.append((table, row[:len(keys)], column, kept, scratch))
        return differences
