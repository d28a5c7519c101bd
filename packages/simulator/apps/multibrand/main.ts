/**
 * The multibrand widget app: the programs a user can earn with from one card, connect / disconnect,
 * and the share of earning each gets (the split always sums to 100 %; the simulator rescales the others).
 * Posts `program-connect`, `program-disconnect`, `program-update` with the user's resulting list. A program that
 * requires it is connected only after the user signed in with it, outside the widget (see `../shared/sign-in.ts`).
 * Test ids: split, program-<id> (row), connect-<id>, disconnect-<id>, share-<id>, save-<id>, status,
 * action-error, error, reload, close; while signing in: sign-in-waiting, sign-in-reopen, sign-in-cancel.
 */
import type { ProgramConnection } from '@cosmopoints/protocol';
import { asApiError } from '../shared/api.js';
import type { WidgetApiError } from '../shared/api.js';
import { startWidgetApp } from '../shared/app.js';
import { h, mount } from '../shared/dom.js';
import { signInWithProgram } from '../shared/sign-in.js';
import type { SignInSession } from '../shared/sign-in.js';

interface WidgetProgram {
  id: string;
  name: string;
  pointsName: string;
  category: string;
  /** The user signs in with the program (on its own page) before it can be connected. */
  signInRequired: boolean;
}

type Screen = { name: 'loading' } | { name: 'ready' } | { name: 'error'; error: WidgetApiError };

const app = startWidgetApp('multibrand', (locale) => locale.t.multibrandTitle);

if (app) {
  const { api, host, body } = app;
  let programs: WidgetProgram[] = [];
  let connections: ProgramConnection[] = [];
  let screen: Screen = { name: 'loading' };
  let busy = false;
  let notice: { kind: 'ok' | 'error'; text: string; code?: string } | undefined;
  /** The running action's abort: the sign-in's "Cancel", and the page going away for good. */
  let action: AbortController | undefined;
  /** The sign-in the app is waiting for, shown instead of the notice. */
  let waiting: SignInSession | undefined;
  // Not on a back/forward-cache `pagehide` (persisted): the page comes back, and so should the wait.
  addEventListener('pagehide', (event) => {
    if (!event.persisted) action?.abort();
  });

  const load = async () => {
    screen = { name: 'loading' };
    render();
    try {
      const [programList, connectionList] = await Promise.all([
        api.call<{ programs: WidgetProgram[] }>('GET', '/programs'),
        api.call<{ connections: ProgramConnection[] }>('GET', '/connections'),
      ]);
      programs = programList.programs;
      connections = connectionList.connections;
      screen = { name: 'ready' };
    } catch (error) {
      screen = { name: 'error', error: asApiError(error) };
      app.reportError(screen.error);
    }
    render();
  };

  /**
   * Runs one action: disables the UI, calls the API, posts the event, shows the outcome (`run` may return its own
   * outcome text, e.g. a cancelled sign-in).
   */
  const act = async (run: (signal: AbortSignal) => Promise<string | void>) => {
    if (busy) return;
    busy = true;
    notice = undefined;
    action = new AbortController();
    render();
    try {
      notice = { kind: 'ok', text: (await run(action.signal)) ?? app.locale().t.saved };
    } catch (error) {
      const failure = asApiError(error);
      notice = { kind: 'error', text: failure.message, code: failure.code };
      app.reportError(failure);
    } finally {
      busy = false;
      action = undefined;
      waiting = undefined;
      render();
    }
  };

  const connect = (program: WidgetProgram) =>
    act(async (signal) => {
      let signInId: string | undefined;
      if (program.signInRequired) {
        const outcome = await signInWithProgram(api, host, program.id, {
          signal,
          onWaiting: (session) => {
            waiting = session;
            render();
          },
        });
        waiting = undefined;
        if (outcome.status === 'cancelled') return app.locale().t.signInCancelled;
        signInId = outcome.signInId;
        render(); // signed in: "Processing…" while the connection is made
      }
      const result = await api.call<{ connection: ProgramConnection; connections: ProgramConnection[] }>('POST', '/connections', {
        body: { programId: program.id, ...(signInId ? { signInId } : {}) },
      });
      connections = result.connections;
      host.send('program-connect', { connection: result.connection, connections: result.connections });
    });

  const disconnect = (program: WidgetProgram) =>
    act(async () => {
      const result = await api.call<{ program: { id: string; name: string }; connections: ProgramConnection[] }>('DELETE', `/connections/${encodeURIComponent(program.id)}`);
      connections = result.connections;
      host.send('program-disconnect', { program: result.program, connections: result.connections });
    });

  const save = (program: WidgetProgram, share: number) =>
    act(async () => {
      const result = await api.call<{ connection: ProgramConnection; previous?: ProgramConnection; connections: ProgramConnection[] }>('PATCH', `/connections/${encodeURIComponent(program.id)}`, {
        body: { share },
      });
      connections = result.connections;
      host.send('program-update', { connection: result.connection, ...(result.previous ? { previous: result.previous } : {}), connections: result.connections });
    });

  const render = () => {
    const { t } = app.locale();
    app.setState(screen.name === 'ready' && busy ? (waiting ? 'signing-in' : 'processing') : screen.name);
    if (screen.name === 'loading') return mount(body, h('p', { class: 'status', 'data-testid': 'loading' }, t.loading));
    if (screen.name === 'error') return mount(body, app.errorView(screen.error, () => void load()));

    const split = h(
      'div',
      { class: 'split', 'data-testid': 'split', role: 'img', 'aria-label': connections.map((c) => `${c.program.name} ${c.share}%`).join(', ') || t.splitSummary(0) },
      ...connections.map((connection, index) => {
        const segment = h('span', { class: `segment segment-${index % 5}`, title: `${connection.program.name} ${connection.share}%` });
        segment.style.flexGrow = String(connection.share);
        return segment;
      }),
    );
    const rows = programs.map((program) => {
      const connection = connections.find((c) => c.program.id === program.id);
      const status = h('span', { class: 'muted' }, connection ? `${t.connected} · ${connection.share}%` : t.notConnected);
      if (!connection) {
        return h(
          'li',
          { class: 'row', 'data-testid': `program-${program.id}`, 'data-connected': 'false' },
          h('div', { class: 'row-head' }, h('span', { class: 'name' }, program.name), status),
          program.signInRequired && h('p', { class: 'muted' }, t.signInFirst),
          h('div', { class: 'actions' }, h('button', { type: 'button', class: 'primary', disabled: busy, 'data-testid': `connect-${program.id}`, onClick: () => void connect(program) }, t.connect)),
        );
      }
      const sole = connections.length === 1;
      const inputId = `share-${program.id}`;
      const input = h('input', {
        id: inputId,
        type: 'number',
        inputmode: 'numeric',
        min: 0,
        max: 100,
        step: 1,
        value: connection.share,
        disabled: busy || sole,
        'data-testid': `share-${program.id}`,
        ...(sole ? { 'aria-describedby': `${inputId}-hint` } : {}),
      });
      const saveButton = h(
        'button',
        {
          type: 'button',
          disabled: busy || sole,
          'data-testid': `save-${program.id}`,
          onClick: () => {
            const raw = input.value.trim();
            const share = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
            void save(program, share);
          },
        },
        t.save,
      );
      return h(
        'li',
        { class: 'row', 'data-testid': `program-${program.id}`, 'data-connected': 'true' },
        h('div', { class: 'row-head' }, h('span', { class: 'name' }, program.name), status),
        h('label', { class: 'field inline', for: inputId }, h('span', { class: 'label' }, t.share), input),
        sole && h('p', { class: 'hint', id: `${inputId}-hint` }, t.soleShare),
        h(
          'div',
          { class: 'actions' },
          saveButton,
          h('button', { type: 'button', class: 'danger', disabled: busy, 'data-testid': `disconnect-${program.id}`, onClick: () => void disconnect(program) }, t.disconnect),
        ),
      );
    });
    mount(
      body,
      h('p', {}, t.splitSummary(connections.length)),
      split,
      h('ul', { class: 'rows' }, ...rows),
      waiting ? waitingPanel(waiting) : h(
        'p',
        { class: `notice ${notice?.kind ?? ''}`, role: notice?.kind === 'error' ? 'alert' : 'status', 'data-testid': notice?.kind === 'error' ? 'action-error' : 'status', ...(notice?.code ? { 'data-code': notice.code } : {}) },
        notice?.text ?? (busy ? t.processing : ''),
      ),
    );
  };

  /** While the user signs in with a program in the page the host opened: open it again, or give up. */
  const waitingPanel = (session: SignInSession) => {
    const { t } = app.locale();
    return h(
      'div',
      { class: 'panel', role: 'status', 'data-testid': 'sign-in-waiting', 'data-program': session.program.id },
      h('p', {}, t.signInWaiting(session.program.name)),
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'button', 'data-testid': 'sign-in-reopen', onClick: () => host.openUrl(session.url, { purpose: 'sign-in' }) }, t.signInReopen),
        h('button', { type: 'button', class: 'link', 'data-testid': 'sign-in-cancel', onClick: () => action?.abort() }, t.cancel),
      ),
    );
  };

  app.onLocaleChange(render);
  void load();
}
