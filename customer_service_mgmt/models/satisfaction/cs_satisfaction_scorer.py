# -*- coding: utf-8 -*-
from odoo import _, api, models

from .survey_question_satisfaction import SCORED_TYPES

# Normalised answer (0..1) of every scored question of the given inputs, in SQL so that one
# response or a hundred thousand cost a few statements:
# - choice answers (simple, multiple, matrix columns): the label's score (quizz_mark) between
#   the lowest and highest score of the question's labels; when all its labels score the same,
#   the label's position (first = 0, last = 1);
# - numerical answers: between the question's validation minimum and maximum;
# - several lines for one question (matrix rows, multiple choices): their average;
# - skipped questions and comment lines give no value: they leave the denominator.
_ANSWERS_SQL = """
    CREATE TEMP TABLE cs_sat_answer ON COMMIT DROP AS
    WITH label_norm AS (
        SELECT l.id AS label_id,
               CASE WHEN max(l.quizz_mark) OVER q > min(l.quizz_mark) OVER q
                    THEN (l.quizz_mark - min(l.quizz_mark) OVER q)
                         / (max(l.quizz_mark) OVER q - min(l.quizz_mark) OVER q)
                    WHEN count(*) OVER q > 1
                    THEN (row_number() OVER (PARTITION BY l.question_id ORDER BY l.sequence, l.id)
                          - 1)::float / (count(*) OVER q - 1)
               END AS norm
          FROM survey_label l
          JOIN survey_question sq ON sq.id = l.question_id
          JOIN survey_page sp ON sp.id = sq.page_id
         WHERE sp.survey_id = ANY(%(surveys)s)
        WINDOW q AS (PARTITION BY l.question_id)
    )
    SELECT line.user_input_id, line.question_id, q.cs_weight AS weight,
           q.cs_dimension_id AS dimension_id, q.cs_is_nps AS is_nps,
           avg(CASE WHEN line.answer_type = 'suggestion' THEN ln.norm
                    WHEN line.answer_type = 'number' AND q.type = 'numerical_box'
                    THEN least(1.0, greatest(0.0, (line.value_number - q.validation_min_float_value)
                         / NULLIF(q.validation_max_float_value - q.validation_min_float_value, 0)))
               END) AS norm
      FROM survey_user_input_line line
      JOIN survey_question q ON q.id = line.question_id
      LEFT JOIN label_norm ln ON ln.label_id = line.value_suggested
     WHERE line.user_input_id = ANY(%(inputs)s) AND NOT coalesce(line.skipped, false)
       AND q.type IN %(types)s AND (q.cs_weight > 0 OR q.cs_is_nps)
     GROUP BY line.user_input_id, line.question_id, q.cs_weight, q.cs_dimension_id, q.cs_is_nps
"""

_RESPONSE_SQL = """
    WITH inp AS (
        SELECT ui.id, ui.survey_id, ui.cs_campaign_id AS campaign_id, p.id AS partner_id,
               coalesce(ui.cs_company_id, camp.company_id, p.company_id, %(company)s) AS company_id,
               coalesce(p.user_id, ui.cs_responsible_id, camp.user_id) AS user_id,
               {segment_values}ui.cs_res_model, ui.cs_res_id
          FROM survey_user_input ui
          LEFT JOIN res_partner contact ON contact.id = ui.partner_id
          LEFT JOIN res_partner p ON p.id = coalesce(contact.commercial_partner_id, contact.id)
          LEFT JOIN cs_satisfaction_campaign camp ON camp.id = ui.cs_campaign_id
         WHERE ui.id = ANY(%(inputs)s)
    ), score AS (
        SELECT a.user_input_id,
               sum(a.norm * a.weight) FILTER (WHERE a.weight > 0 AND NOT a.is_nps) * 100
                 / NULLIF(sum(a.weight) FILTER (WHERE a.weight > 0 AND NOT a.is_nps), 0) AS csi,
               round(max(a.norm * 10) FILTER (WHERE a.is_nps))::int AS nps,
               count(*) FILTER (WHERE a.weight > 0 AND NOT a.is_nps) AS answered,
               count(*) FILTER (WHERE a.weight > 0 AND NOT a.is_nps
                                AND a.norm * 100 >= company.cs_csat_threshold - 1e-9) AS satisfied
          FROM cs_sat_answer a
          JOIN inp ON inp.id = a.user_input_id
          JOIN res_company company ON company.id = inp.company_id
         WHERE a.norm IS NOT NULL
         GROUP BY a.user_input_id
    )
    INSERT INTO cs_satisfaction_response (
        user_input_id, survey_id, campaign_id, partner_id, company_id, user_id,
        res_model, res_id, {segment_columns} date, csi, nps_score, nps_category, nps_answered,
        nps_promoter, nps_detractor, csat_answered, csat_satisfied, followup_state,
        create_uid, create_date, write_uid, write_date)
    SELECT inp.id, inp.survey_id, inp.campaign_id, inp.partner_id, inp.company_id, inp.user_id,
           inp.cs_res_model, inp.cs_res_id, {segment_names} now() at time zone 'UTC',
           s.csi, s.nps,
           CASE WHEN s.nps >= 9 THEN 'promoter' WHEN s.nps >= 7 THEN 'passive'
                WHEN s.nps IS NOT NULL THEN 'detractor' END,
           (s.nps IS NOT NULL)::int, coalesce((s.nps >= 9)::int, 0),
           coalesce((s.nps <= 6)::int, 0), coalesce(s.answered, 0), coalesce(s.satisfied, 0),
           'none', %(uid)s, now() at time zone 'UTC', %(uid)s, now() at time zone 'UTC'
      FROM inp LEFT JOIN score s ON s.user_input_id = inp.id
    ON CONFLICT (user_input_id) DO UPDATE SET
        csi = EXCLUDED.csi, nps_score = EXCLUDED.nps_score, nps_category = EXCLUDED.nps_category,
        nps_answered = EXCLUDED.nps_answered, nps_promoter = EXCLUDED.nps_promoter,
        nps_detractor = EXCLUDED.nps_detractor, csat_answered = EXCLUDED.csat_answered,
        csat_satisfied = EXCLUDED.csat_satisfied, date = EXCLUDED.date,
        write_uid = EXCLUDED.write_uid, write_date = EXCLUDED.write_date
    RETURNING id
"""

_LINE_SQL = """
    INSERT INTO cs_satisfaction_response_line (
        response_id, dimension_id, score, weight, campaign_id, partner_id, company_id, date,
        create_uid, create_date, write_uid, write_date)
    SELECT r.id, a.dimension_id, sum(a.norm * a.weight) * 100 / sum(a.weight), sum(a.weight),
           r.campaign_id, r.partner_id, r.company_id, r.date, %(uid)s, now() at time zone 'UTC',
           %(uid)s, now() at time zone 'UTC'
      FROM cs_sat_answer a
      JOIN cs_satisfaction_response r ON r.user_input_id = a.user_input_id
     WHERE a.norm IS NOT NULL AND a.weight > 0 AND NOT a.is_nps AND a.dimension_id IS NOT NULL
       AND r.id = ANY(%(responses)s)
     GROUP BY r.id, a.dimension_id
"""


class CsSatisfactionScorer(models.AbstractModel):
    """The satisfaction scores, in one place: CSI, NPS and CSAT of completed survey answers
    into ``cs.satisfaction.response`` (one row per answer, lines per dimension), then the
    closed loop on the low ones.

    CSI 0-100 = sum(weight x normalised answer) / sum(weight) over the answered questions of
    positive weight (the NPS question apart); NPS 0-10 is the recommendation question's
    normalised answer x 10; CSAT counts the answered questions whose normalised score reaches
    the company's threshold.  Scoring again (an answer completed twice) replaces the scores and
    keeps the follow-up."""
    _name = 'cs.satisfaction.scorer'
    _description = 'Satisfaction Scorer'

    @api.model
    def score_inputs(self, input_ids):
        """Score the survey.user_input rows ``input_ids``; returns the responses."""
        if not input_ids:
            return self.env['cs.satisfaction.response']
        cr = self.env.cr
        cr.execute("SELECT DISTINCT survey_id FROM survey_user_input WHERE id = ANY(%s)",
                   (list(input_ids),))
        surveys = [row[0] for row in cr.fetchall()]
        cr.execute("DROP TABLE IF EXISTS cs_sat_answer")
        cr.execute(_ANSWERS_SQL, {'surveys': surveys, 'inputs': list(input_ids),
                                  'types': SCORED_TYPES})
        Response = self.env['cs.satisfaction.response']
        segments = Response._segment_columns
        cr.execute(_RESPONSE_SQL.format(
            segment_values=''.join('%s AS %s, ' % (sql, column) for column, sql in segments.items()),
            segment_columns=''.join('%s, ' % column for column in segments),
            segment_names=''.join('inp.%s, ' % column for column in segments),
        ), {'inputs': list(input_ids), 'company': self.env.user.company_id.id, 'uid': self.env.uid})
        response_ids = [row[0] for row in cr.fetchall()]
        cr.execute("DELETE FROM cs_satisfaction_response_line WHERE response_id = ANY(%s)",
                   (response_ids,))
        cr.execute(_LINE_SQL, {'responses': response_ids, 'uid': self.env.uid})
        cr.execute("DROP TABLE cs_sat_answer")
        responses = Response.browse(response_ids)
        responses.invalidate_cache()
        self.open_followups(responses)
        return responses

    @api.model
    def open_followups(self, responses):
        """Closed loop: a response under its company's threshold, or from a detractor, gets a
        follow-up for its account owner, as an activity or a complaint (company setting)."""
        if not responses:
            return
        self.env.cr.execute("""
            SELECT r.user_id, c.cs_sat_followup_mode, array_agg(r.id ORDER BY r.id)
              FROM cs_satisfaction_response r
              JOIN res_company c ON c.id = r.company_id
             WHERE r.id = ANY(%s) AND r.followup_state = 'none'
               AND (r.csi < c.cs_sat_followup_threshold OR r.nps_category = 'detractor')
             GROUP BY r.user_id, c.cs_sat_followup_mode
        """, (responses.ids,))
        groups = self.env.cr.fetchall()
        Response = self.env['cs.satisfaction.response']
        fallback = self.env.ref('base.user_root')
        for user_id, mode, ids in groups:
            low = Response.browse(ids)
            if mode == 'complaint':
                for response in low:
                    response.followup_complaint_id = self._followup_complaint(response)
            else:
                self.env['cs.activity.scheduler'].schedule_activities(
                    low, self.env['res.users'].browse(user_id) or fallback,
                    _('Low satisfaction: call the customer'),
                    _('The customer answered a satisfaction survey with a low score or would '
                      'not recommend us: call them, then record the result on the response.'))
        low_ids = [response_id for _user, _mode, ids in groups for response_id in ids]
        # plain update: the state is the policy's, no tracking message per response
        self.env.cr.execute("UPDATE cs_satisfaction_response SET followup_state = 'open' "
                            "WHERE id = ANY(%s)", (low_ids,))
        Response.browse(low_ids).invalidate_cache(['followup_state'])

    def _followup_complaint(self, response):
        return self.env['cs.complaint'].create({
            'partner_id': response.partner_id.id,
            'company_id': response.company_id.id,
            'categ_id': self.env.ref('customer_service_mgmt.complaint_category_low_satisfaction').id,
            'channel': 'portal',
            'user_id': response.user_id.id or self.env.ref('base.user_root').id,
            'description': _('Low satisfaction survey answer (CSI %(csi).0f, recommendation '
                             '%(recommendation)s) in "%(survey)s".') % {
                'csi': response.csi,
                'recommendation': response.nps_score if response.nps_answered else '-',
                'survey': response.survey_id.title},
        })
