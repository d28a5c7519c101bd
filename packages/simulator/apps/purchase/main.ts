/**
 * The purchase widget app ("Simple Point Exchange"): pick a program, an amount of points, confirm;
 * success or failure screen; posts `transaction-complete` / `transaction-fail` to the host. The chosen program's terms
 * open outside the widget: the link asks the host (`open-url`, purpose `link`) and keeps its real `href`.
 * Test ids: program-<id>, terms-link, points-input, price, confirm, processing, success, failure, error, close,
 * again, done, retry, reload, transaction-id.
 */
import { asApiError } from '../shared/api.js';
import type { WidgetApiError } from '../shared/api.js';
import { newIdempotencyKey, sanitizeCode, startWidgetApp } from '../shared/app.js';
import { h, mount } from '../shared/dom.js';

interface WidgetProgram {
  id: string;
  name: string;
  pointsName: string;
  category: string;
  pricePerPoint: number;
  currency: string;
  /** The program's terms page (the simulator serves it on its own origin). */
  termsUrl: string;
}

interface CompletedTransaction {
  transactionId: string;
  program: { id: string; name: string };
  points: number;
  amount: { value: number; currency: string };
  completedAt: string;
}

type Screen =
  | { name: 'loading' }
  | { name: 'select' }
  | { name: 'processing' }
  | { name: 'success'; transaction: CompletedTransaction }
  | { name: 'failure'; error: WidgetApiError }
  | { name: 'error'; error: WidgetApiError };

const app = startWidgetApp('purchase', (locale) => locale.t.purchaseTitle);

if (app) {
  const { api, host, body } = app;
  let programs: WidgetProgram[] = [];
  let maxPoints = 1_000_000;
  let selected: WidgetProgram | undefined;
  let points = 1000;
  let screen: Screen = { name: 'loading' };

  const validPoints = () => Number.isInteger(points) && points >= 1 && points <= maxPoints;

  const load = async () => {
    screen = { name: 'loading' };
    render();
    try {
      const result = await api.call<{ programs: WidgetProgram[]; maxPoints: number }>('GET', '/programs');
      programs = result.programs;
      maxPoints = result.maxPoints;
      selected = programs.find((program) => program.id === selected?.id);
      screen = { name: 'select' };
      render();
    } catch (error) {
      screen = { name: 'error', error: asApiError(error) };
      app.reportError(screen.error);
      render();
    }
  };

  const confirm = async () => {
    const program = selected;
    if (!program || !validPoints() || screen.name !== 'select') return;
    screen = { name: 'processing' };
    render();
    // One key per confirmation: a retry after a token refresh cannot buy twice.
    const idempotencyKey = newIdempotencyKey();
    try {
      const { transaction } = await api.call<{ transaction: CompletedTransaction }>('POST', '/transactions', {
        body: { programId: program.id, points },
        idempotencyKey,
      });
      screen = { name: 'success', transaction };
      host.send('transaction-complete', {
        transactionId: transaction.transactionId,
        program: transaction.program,
        points: transaction.points,
        amount: transaction.amount,
        completedAt: transaction.completedAt,
      });
    } catch (error) {
      const failure = asApiError(error);
      screen = { name: 'failure', error: failure };
      host.send('transaction-fail', {
        code: sanitizeCode(failure.code),
        message: failure.message.slice(0, 500),
        recoverable: failure.recoverable,
        program: { id: program.id, name: program.name },
      });
    }
    render();
  };

  const render = () => {
    const { t, number, money } = app.locale();
    app.setState(screen.name);
    switch (screen.name) {
      case 'loading':
        return mount(body, h('p', { class: 'status', 'data-testid': 'loading' }, t.loading));
      case 'processing':
        return mount(body, h('p', { class: 'status', 'data-testid': 'processing', role: 'status' }, t.processing));
      case 'success': {
        const { transaction } = screen;
        const unit = programs.find((program) => program.id === transaction.program.id)?.pointsName ?? 'points';
        return mount(
          body,
          h(
            'div',
            { class: 'panel success', role: 'status', 'data-testid': 'success' },
            h('h2', {}, t.successTitle),
            h('p', {}, t.successBody(number(transaction.points), unit, transaction.program.name)),
            h('p', { class: 'muted' }, `${money(transaction.amount.value, transaction.amount.currency)} · ${t.reference} `, h('code', { 'data-testid': 'transaction-id' }, transaction.transactionId)),
            h(
              'div',
              { class: 'actions' },
              h('button', { type: 'button', class: 'primary', 'data-testid': 'done', onClick: () => host.send('close', { reason: 'done' }) }, t.done),
              h('button', { type: 'button', 'data-testid': 'again', onClick: () => ((screen = { name: 'select' }), render()) }, t.again),
            ),
          ),
        );
      }
      case 'failure':
        return mount(
          body,
          h(
            'div',
            { class: 'panel failure', role: 'alert', 'data-testid': 'failure', 'data-code': screen.error.code },
            h('h2', {}, t.failureTitle),
            h('p', {}, screen.error.message),
            h('div', { class: 'actions' }, h('button', { type: 'button', class: 'primary', 'data-testid': 'retry', onClick: () => ((screen = { name: 'select' }), render()) }, t.retry)),
          ),
        );
      case 'error':
        return mount(body, app.errorView(screen.error, () => void load()));
      case 'select':
        return renderSelect();
    }
  };

  const renderSelect = () => {
    const { t, number, money } = app.locale();
    const price = h('p', { class: 'muted', 'data-testid': 'price', 'aria-live': 'polite' });
    const hint = h('p', { class: 'hint', id: 'points-hint' });
    const confirmButton = h('button', { type: 'button', class: 'primary', 'data-testid': 'confirm', onClick: () => void confirm() }, t.confirm);
    const termsLink = h('a', {
      target: '_blank',
      rel: 'noopener noreferrer',
      'data-testid': 'terms-link',
      onClick: (event: Event) => {
        try {
          host.openUrl(termsLink.href, { purpose: 'link' });
        } catch {
          return; // a URL the host would refuse (the simulator on a non-loopback http address): the link opens it itself
        }
        event.preventDefault();
      },
    });
    // The line is always there (its height reserved in CSS): choosing a program must not move the confirm button.
    const terms = h('p', { class: 'terms' }, termsLink);
    const update = () => {
      const ok = validPoints();
      termsLink.hidden = !selected;
      if (selected) {
        termsLink.href = selected.termsUrl;
        termsLink.dataset.program = selected.id;
        termsLink.textContent = t.programTerms(selected.name);
      }
      price.textContent = selected && ok ? t.price(money(Math.round(points * selected.pricePerPoint * 100) / 100, selected.currency)) : '';
      hint.textContent = ok ? '' : t.invalidPoints(number(maxPoints));
      confirmButton.disabled = !selected || !ok;
    };
    const input = h('input', {
      id: 'points',
      type: 'number',
      inputmode: 'numeric',
      min: 1,
      max: maxPoints,
      step: 1,
      value: points,
      required: true,
      'aria-describedby': 'points-hint',
      'data-testid': 'points-input',
      onInput: (event: Event) => {
        const raw = (event.target as HTMLInputElement).value.trim();
        points = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
        input.setAttribute('aria-invalid', String(!validPoints()));
        update();
      },
    });
    const list = h(
      'div',
      { class: 'programs', role: 'group', 'aria-label': t.chooseProgram, 'data-testid': 'program-list' },
      ...programs.map((program) =>
        h(
          'button',
          {
            type: 'button',
            class: 'program',
            'aria-pressed': String(program.id === selected?.id),
            'data-testid': `program-${program.id}`,
            onClick: () => {
              selected = program;
              for (const button of list.querySelectorAll('button')) button.setAttribute('aria-pressed', String(button.dataset.testid === `program-${program.id}`));
              update();
            },
          },
          h('span', { class: 'name' }, program.name),
          h('span', { class: 'muted' }, program.pointsName),
        ),
      ),
    );
    mount(
      body,
      h('h2', { class: 'label' }, t.chooseProgram),
      list,
      terms,
      h('label', { class: 'field', for: 'points' }, h('span', { class: 'label' }, t.points), input),
      hint,
      price,
      h('div', { class: 'actions' }, confirmButton),
    );
    update();
  };

  app.onLocaleChange(render);
  void load();
}
