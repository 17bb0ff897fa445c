# -*- coding: utf-8 -*-
from odoo import http
from odoo.http import request

from odoo.addons.survey.controllers.main import WebsiteSurvey


class CsWebsiteSurvey(WebsiteSurvey):
    """Invitation tracking and token isolation on the host's public survey pages.

    The host looks a token up without its survey, and accepts answers for a completed input:
    here a token only opens and answers its own survey, and a completed survey answer cannot
    be submitted again (the host's 403 page, as for an unknown token)."""

    def _cs_user_input(self, token):
        # sudo: the public user may not read survey answers; the host does the same lookup
        return request.env['survey.user_input'].sudo().search([('token', '=', token)], limit=1)

    @http.route()
    def start_survey(self, survey, token=None, **post):
        if token and token != 'phantom':
            user_input = self._cs_user_input(token)
            if user_input and user_input.survey_id != survey:
                return request.render('website.403')
            user_input.cs_mark_opened()
        return super(CsWebsiteSurvey, self).start_survey(survey, token=token, **post)

    @http.route()
    def fill_survey(self, survey, token, prev=None, **post):
        user_input = self._cs_user_input(token)
        if user_input and user_input.survey_id != survey:
            return request.render('website.403')
        user_input.cs_mark_opened()
        return super(CsWebsiteSurvey, self).fill_survey(survey, token, prev=prev, **post)

    @http.route()
    def submit(self, survey, **post):
        user_input = self._cs_user_input(post.get('token') or '')
        page = request.env['survey.page'].sudo().browse(int(post.get('page_id') or 0)).exists()
        if (not user_input or user_input.survey_id != survey or user_input.state == 'done'
                or page.survey_id != survey):
            return request.render('website.403')
        return super(CsWebsiteSurvey, self).submit(survey, **post)
