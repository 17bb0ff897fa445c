"""Satisfaction figures benchmark (SPEC §4, issue 6 'Speed'): not a test, a printed table.

One campaign with 100 000 completed survey answers (``survey_user_input``) of 10 000
customers on a ten-answer questionnaire (five 1-5 questions, a three-row matrix, the 0-10
recommendation question, a comment): 1 000 000 answer lines (``survey_user_input_line``),
inserted with SQL (generate_series).  Then:

* scoring all the answers at once with the add-on's scorer (``cs.satisfaction.scorer.
  score_inputs``: the SQL that also runs for one answer when a customer submits), the closed
  loop on the low ones included;
* the campaign's figures (invited / opened / answered / rate, CSI, NPS, CSAT, CSI per
  dimension: ``campaign.figures()``), the same through the campaign's computed fields, and the
  dashboard's groupings (per dimension, per segment, per customer) with ``read_group``;

median of --runs runs.  Target: campaign figures in under 2 s.  Everything happens in one
transaction that is rolled back: the database is left as it was.  From the project
root::

    .venv/bin/python -m bench.bench_satisfaction [--db csm_test] [--responses 100000]
"""
import statistics
import time

from bench import harness
from bench.harness import Column


def _timed(label, func, timings):
    started = time.perf_counter()
    result = func()
    timings.append((label, time.perf_counter() - started))
    return result


class Generator(object):
    """The questionnaire through the ORM, customers, answers and answer lines in SQL."""

    def __init__(self, env):
        self.env = env
        self.cr = env.cr
        self.company = env.user.company_id

    def survey(self):
        env = self.env
        survey = env['survey.survey'].create({'title': 'Bench satisfaction', 'cs_satisfaction': True,
                                              'stage_id': env.ref('survey.stage_permanent').id})
        page = env['survey.page'].create({'title': 'Bench', 'survey_id': survey.id})
        scale = [(0, 0, {'value': str(mark), 'quizz_mark': mark, 'sequence': mark})
                 for mark in range(1, 6)]
        for name in ('quality', 'delivery', 'service', 'price', 'communication'):
            env['survey.question'].create({
                'page_id': page.id, 'question': name, 'type': 'simple_choice', 'cs_weight': 1.0,
                'cs_dimension_id': env.ref('customer_service_mgmt.satisfaction_dimension_%s'
                                           % name).id, 'labels_ids': scale})
        env['survey.question'].create({
            'page_id': page.id, 'question': 'delivery details', 'type': 'matrix',
            'matrix_subtype': 'simple', 'cs_weight': 1.0,
            'cs_dimension_id': env.ref('customer_service_mgmt.satisfaction_dimension_delivery').id,
            'labels_ids': scale, 'labels_ids_2': [(0, 0, {'value': row}) for row in 'ABC']})
        env['survey.question'].create({
            'page_id': page.id, 'question': 'recommend', 'type': 'simple_choice',
            'cs_is_nps': True, 'cs_weight': 0.0,
            'labels_ids': [(0, 0, {'value': str(mark), 'quizz_mark': mark, 'sequence': mark})
                           for mark in range(11)]})
        env['survey.question'].create({'page_id': page.id, 'question': 'comment',
                                       'type': 'free_text', 'cs_weight': 0.0})
        return survey

    def campaign(self, survey):
        return self.env['cs.satisfaction.campaign'].create({
            'title': 'Bench campaign', 'date_start': '2026-01-01', 'date_end': '2026-03-31',
            'survey_id': survey.id, 'target_invoiced': False})

    def customers(self, count):
        """``count`` copies of one customer made by the ORM (every NOT NULL column of the
        partner table filled as the ORM does), with their own names."""
        template = self.env['res.partner'].create({
            'name': 'Bench satisfaction customer', 'is_company': True, 'customer': True,
            'email': 'bench@example.com'})
        self.cr.execute("""SELECT column_name FROM information_schema.columns
                            WHERE table_name = 'res_partner' AND column_name NOT IN
                                  ('id', 'name', 'display_name', 'commercial_partner_id')""")
        columns = ', '.join('"%s"' % row[0] for row in self.cr.fetchall())
        self.cr.execute("""
            INSERT INTO res_partner (name, display_name, {columns})
            SELECT 'Bench satisfaction customer ' || n, 'Bench satisfaction customer ' || n,
                   {columns}
              FROM res_partner, generate_series(1, %s) n WHERE id = %s
            RETURNING id""".format(columns=columns), (count, template.id))
        ids = [row[0] for row in self.cr.fetchall()]
        self.cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)",
                        (ids,))
        return ids

    def answers(self, survey, campaign, customers, count):
        """``count`` completed answers and their lines: mostly satisfied customers (a
        realistic share of low scores for the closed loop), 3 % of questions skipped."""
        cr = self.cr
        cr.execute("""
            INSERT INTO survey_user_input (survey_id, date_create, type, state, test_entry,
                                           token, partner_id, email, cs_campaign_id,
                                           cs_company_id, cs_sent_date, cs_opened_date)
            SELECT %(survey)s, now() at time zone 'UTC', 'link', 'done', false,
                   md5(n::text || random()::text), (%(customers)s::int[])[1 + n %% %(ncust)s],
                   NULL, %(campaign)s, %(company)s, now() at time zone 'UTC',
                   now() at time zone 'UTC'
              FROM generate_series(1, %(count)s) n RETURNING id""", {
            'survey': survey.id, 'customers': customers, 'ncust': len(customers),
            'campaign': campaign.id, 'company': self.company.id, 'count': count})
        inputs = [row[0] for row in cr.fetchall()]
        cr.execute("""
            WITH q AS (
                SELECT q.id, q.type, array_agg(l.id ORDER BY l.sequence) AS labels,
                       (SELECT array_agg(r.id) FROM survey_label r WHERE r.question_id_2 = q.id)
                         AS rows_
                  FROM survey_question q JOIN survey_page p ON p.id = q.page_id
                  LEFT JOIN survey_label l ON l.question_id = q.id
                 WHERE p.survey_id = %(survey)s GROUP BY q.id, q.type
            ), slot AS (   -- one line per question, one per matrix row
                SELECT q.id, q.type, q.labels, r.row_id
                  FROM q LEFT JOIN LATERAL unnest(q.rows_) AS r(row_id) ON true
            )
            INSERT INTO survey_user_input_line (user_input_id, question_id, survey_id,
                                                date_create, skipped, answer_type,
                                                value_suggested, value_suggested_row,
                                                value_free_text, quizz_mark)
            SELECT ui.id, s.id, %(survey)s, now() at time zone 'UTC', skip, 
                   CASE WHEN skip THEN NULL WHEN s.type = 'free_text' THEN 'free_text'
                        ELSE 'suggestion' END,
                   CASE WHEN NOT skip AND s.type <> 'free_text' THEN s.labels[
                       greatest(1, array_length(s.labels, 1)
                                   - floor(random() * random() * array_length(s.labels, 1))::int)]
                   END,
                   CASE WHEN NOT skip THEN s.row_id END,
                   CASE WHEN NOT skip AND s.type = 'free_text' THEN 'ok' END, 0
              FROM unnest(%(inputs)s::int[]) AS ui(id)
             CROSS JOIN slot s
             CROSS JOIN LATERAL (SELECT random() < 0.03 AS skip) k""",
                   {'survey': survey.id, 'inputs': inputs})
        return inputs, cr.rowcount


def _median(func, runs):
    samples = []
    for _run in range(runs):
        started = time.perf_counter()
        func()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main(argv=None):
    parser = harness.arguments('bench.bench_satisfaction', __doc__, db='csm_test', own_db=False)
    parser.add_argument('--responses', type=int, default=100000, help='completed answers')
    parser.add_argument('--customers', type=int, default=10000, help='customers answering')
    harness.runs_arguments(parser, runs=5)
    args = harness.parse(parser, argv)
    registry = harness.open_registry(args)
    setup, rows = [], []
    with harness.environment(registry) as env:  # nothing of the benchmark stays
        cr = env.cr
        gen = Generator(env)
        survey = gen.survey()
        campaign = gen.campaign(survey)
        customers = _timed('customers (SQL)', lambda: gen.customers(args.customers), setup)
        inputs, lines = _timed('answers and answer lines (SQL)', lambda: gen.answers(
            survey, campaign, customers, args.responses), setup)
        cr.execute('ANALYZE survey_user_input; ANALYZE survey_user_input_line')
        _timed('scoring all answers + closed loop (scorer)', lambda: env[
            'cs.satisfaction.scorer'].score_inputs(inputs), setup)
        cr.execute('ANALYZE cs_satisfaction_response; ANALYZE cs_satisfaction_response_line')
        cr.execute("SELECT count(*) FILTER (WHERE followup_state = 'open'), "
                   "count(*) FROM cs_satisfaction_response WHERE campaign_id = %s",
                   (campaign.id,))
        followups, scored = cr.fetchone()

        def computed_fields():
            campaign.invalidate_cache()
            return campaign.read(['invited_count', 'opened_count', 'answered_count',
                                  'response_rate', 'csi', 'nps', 'csat'])
        Line = env['cs.satisfaction.response.line']
        Response = env['cs.satisfaction.response']
        domain = [('campaign_id', '=', campaign.id)]
        measures = [
            ('campaign.figures() (all figures + per dimension)', campaign.figures),
            ('campaign computed fields (form view)', computed_fields),
            ('read_group CSI per dimension', lambda: Line.read_group(
                domain, ['dimension_id', 'score'], ['dimension_id'])),
            ('read_group CSI/NPS per segment (industry)', lambda: Response.read_group(
                domain, ['industry_id', 'csi', 'nps_promoter', 'nps_detractor'],
                ['industry_id'])),
            ('read_group CSI per customer (%d groups)' % args.customers,
             lambda: Response.read_group(domain, ['partner_id', 'csi'], ['partner_id'])),
            ('read_group NPS distribution (0-10)', lambda: Response.read_group(
                domain + [('nps_answered', '=', 1)], ['nps_score'], ['nps_score'])),
        ]
        for label, func in measures:
            rows.append((label, _median(func, args.runs)))
        figures = campaign.figures()[campaign.id]
    harness.report(
        'Satisfaction benchmark: database %s, %d answers (%d answer lines) of %d customers, '
        'median of %d runs' % (args.db, args.responses, lines, args.customers, args.runs),
        'Figures: invited %(invited_count)d, answered %(answered_count)d, CSI %(csi).1f, '
        'NPS %(nps).1f, CSAT %(csat).1f %%' % figures,
        'Scored responses %d, follow-ups opened %d' % (scored, followups))
    harness.print_table([Column('Set-up (once)'), Column('time', 's', '%.2f')], setup)
    print()
    harness.print_table([Column('Campaign figures (target < 2 s)'), Column('time', 's', '%.3f'),
                         Column('target')],
                        [(label, seconds, 'ok' if seconds < 2.0 else 'SLOW')
                         for label, seconds in rows])


if __name__ == '__main__':
    main()
