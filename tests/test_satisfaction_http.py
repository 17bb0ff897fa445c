"""The host's public survey pages with a campaign's personal token links (issue 6), on a real
Odoo server over HTTP: a token opens and answers only its own survey input, a wrong or
reused token gets the host's refusal, and a customer answering in a real browser (Playwright,
headless chromium) changes the campaign's figures.

The server sees committed data only: the fixture commits a campaign with two invited
customers on the shipped quarterly questionnaire and removes everything afterwards."""
import json
import re
import uuid
from contextlib import contextmanager
from urllib.parse import urlparse

import pytest
import requests
from playwright.sync_api import sync_playwright

import odoo
from odoo import SUPERUSER_ID, api

CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
                 '--disable-component-update', '--disable-sync', '--no-first-run']


@contextmanager
def _env():
    """An environment on a connection of its own; commits on success."""
    with api.Environment.manage():
        cr = odoo.sql_db.db_connect(odoo.tools.config['db_name']).cursor()
        with cr:
            yield api.Environment(cr, SUPERUSER_ID, {})


@pytest.fixture
def campaign():
    tag = uuid.uuid4().hex[:8]
    with _env() as env:
        partners = env['res.partner']
        for letter in 'ab':
            partners |= partners.create({
                'name': 'HTTP Survey Customer %s %s' % (tag, letter), 'is_company': True,
                'customer': True, 'email': 'buyer-%s-%s@example.com' % (letter, tag)})
        record = env['cs.satisfaction.campaign'].create({
            'title': 'HTTP %s' % tag, 'date_start': '2026-01-01', 'date_end': '2026-03-31',
            'survey_id': env.ref('customer_service_mgmt.survey_cs_quarterly').id,
            'target_invoiced': False, 'partner_ids': [(6, 0, partners.ids)]})
        record.action_send_invitations()
        inputs = {ui.partner_id.id: ui for ui in record.user_input_ids}
        data = {'id': record.id, 'survey_id': record.survey_id.id,
                'path': urlparse(record.survey_id.public_url).path,
                'inputs': [(inputs[p.id].id, inputs[p.id].token) for p in partners],
                'partner_ids': partners.ids,
                'other_path': urlparse(env.ref(
                    'customer_service_mgmt.survey_cs_transactional').public_url).path}
    yield data
    with _env() as env:
        env['mail.mail'].search([('recipient_ids', 'in', data['partner_ids'])]).unlink()
        env['cs.satisfaction.response'].search([('campaign_id', '=', data['id'])]).unlink()
        env['cs.satisfaction.campaign'].browse(data['id']).unlink()
        env['res.partner'].browse(data['partner_ids']).unlink()


def _state(user_input_id):
    with _env() as env:
        user_input = env['survey.user_input'].browse(user_input_id)
        return user_input.state, len(user_input.user_input_line_ids)


def _figures(campaign_id):
    with _env() as env:
        return env['cs.satisfaction.campaign'].browse(campaign_id).figures()[campaign_id]


def _questions(survey_id):
    """(page id, [(question id, best label id or None, is_nps)]) of the one-page
    questionnaire."""
    with _env() as env:
        page = env['survey.survey'].browse(survey_id).page_ids[0]
        return page.id, [(q.id, q.labels_ids and q.labels_ids.sorted('sequence')[-1].id,
                          q.cs_is_nps) for q in page.question_ids]


def _is_refused(response):
    return response.status_code == 403 or '403: Forbidden' in response.text


def test_token_answers_only_its_own_input(odoo_url, campaign):
    (id_a, token_a), (id_b, token_b) = campaign['inputs']
    session = requests.Session()
    assert _is_refused(session.get(odoo_url + campaign['path'] + '/not-a-token', timeout=60))
    assert _is_refused(session.get('%s/survey/fill/%s/%s' % (
        odoo_url, campaign['path'].split('/')[-1], uuid.uuid4()), timeout=60))
    # a campaign token on another survey's page
    assert _is_refused(session.get(odoo_url + campaign['other_path'] + '/' + token_a, timeout=60))

    fill = session.get('%s/survey/fill/%s/%s' % (odoo_url, campaign['path'].split('/')[-1],
                                                 token_a), timeout=60)
    assert fill.status_code == 200 and 'js_surveyform' in fill.text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', fill.text).group(1)
    page_id, questions = _questions(campaign['survey_id'])
    post = {'csrf_token': csrf, 'page_id': page_id, 'token': token_a, 'button_submit': 'finish'}
    for question_id, label_id, _nps in questions:  # the text question left empty
        post['%s_%s_%s' % (campaign['survey_id'], page_id, question_id)] = label_id or ''
    submit_url = '%s/survey/submit/%s' % (odoo_url, campaign['path'].split('/')[-1])
    answer = session.post(submit_url, data=post, timeout=60)
    assert 'redirect' in json.loads(answer.text)
    assert _state(id_a) == ('done', len(questions))  # the comment as a skipped line
    assert _state(id_b) == ('new', 0)
    figures = _figures(campaign['id'])
    assert figures['answered_count'] == 1 and figures['csi'] == pytest.approx(100.0)

    # reused token: the host shows its 'already answered' page, a new submission is refused
    again = session.get('%s/survey/fill/%s/%s' % (odoo_url, campaign['path'].split('/')[-1],
                                                  token_a), timeout=60)
    assert 'js_surveyform' not in again.text and not _is_refused(again)
    worst = dict(post)
    worst.update({'%s_%s_%s' % (campaign['survey_id'], page_id, question_id): label_id - 1
                  for question_id, label_id, _nps in questions if label_id})
    assert _is_refused(session.post(submit_url, data=worst, timeout=60))
    # a token posted for another survey's submission is refused too
    other = dict(post, token=token_b)
    assert _is_refused(session.post(odoo_url + '/survey/submit/' +
                                    campaign['other_path'].split('/')[-1], data=other,
                                    timeout=60))
    assert _state(id_b) == ('new', 0)
    assert _figures(campaign['id'])['csi'] == pytest.approx(100.0)


def test_customer_answers_in_browser_and_figures_change(odoo_url, campaign):
    (id_a, token_a), _other = campaign['inputs']
    before = _figures(campaign['id'])
    assert (before['answered_count'], before['opened_count']) == (0, 0)
    page_id, questions = _questions(campaign['survey_id'])
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path='/usr/bin/chromium',
                                             args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={'width': 1280, 'height': 900})
            page.set_default_timeout(60000)
            # the invitation's link, as the customer (not logged in) opens it
            page.goto(odoo_url + campaign['path'] + '/' + token_a)
            page.click('a.btn-primary:has-text("Start Survey")')
            page.wait_for_selector('form.js_surveyform')
            for question_id, label_id, is_nps in [q for q in questions if q[1]]:
                # satisfied (second best) everywhere, 6 on the recommendation: a detractor
                value = label_id - 4 if is_nps else label_id - 1
                page.check('input[name="%s_%s_%s"][value="%s"]' % (
                    campaign['survey_id'], page_id, question_id, value))
            page.fill('textarea', 'Faster delivery please')
            page.click('button[name="button_submit"][value="finish"]')
            page.wait_for_selector('text=Thank you')
        finally:
            browser.close()
    after = _figures(campaign['id'])
    assert (after['answered_count'], after['opened_count']) == (1, 1)
    assert after['response_rate'] == pytest.approx(50.0)
    assert after['csi'] == pytest.approx(75.0)  # 'Satisfied' is 4 of 1..5 everywhere
    assert after['nps'] == pytest.approx(-100.0)
    with _env() as env:
        response = env['cs.satisfaction.response'].search([('user_input_id', '=', id_a)])
        assert response.followup_state == 'open' and response.activity_ids
