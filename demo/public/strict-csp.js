// The strict-CSP page's script (external: the page's CSP blocks inline code). It lists every CSP
// violation and every event of the widget, and says whether the integrity-pinned bundle ran.
'use strict';

(() => {
  const violations = [];
  let ready = false;
  const log = (text, kind = 'event') => {
    const list = document.querySelector('[data-testid="csp-log"]');
    if (!list) return;
    const item = document.createElement('li');
    item.dataset.kind = kind;
    item.textContent = text;
    list.prepend(item);
  };
  const status = () => {
    const node = document.querySelector('[data-testid="csp-status"]');
    if (!node) return;
    const state = violations.length > 0 ? 'violations' : ready ? 'ok' : node.dataset.state;
    node.dataset.state = state;
    if (state === 'violations') node.textContent = `${violations.length} CSP violation(s): see the list.`;
    else if (state === 'ok') node.textContent = 'The widget loaded from the integrity-pinned bundle with no CSP violation.';
  };

  document.addEventListener('securitypolicyviolation', (event) => {
    violations.push(event);
    log(`CSP violation: ${event.effectiveDirective} blocked ${event.blockedURI || 'inline code'}`, 'violation');
    status();
  });
  // A script whose bytes do not match its integrity never runs and fires `error`.
  document.addEventListener(
    'error',
    (event) => {
      if (!(event.target instanceof HTMLScriptElement)) return;
      const node = document.querySelector('[data-testid="csp-status"]');
      if (node) {
        node.dataset.state = 'blocked';
        node.textContent = `The browser refused ${event.target.src}: its integrity did not match.`;
      }
    },
    true,
  );
  for (const type of ['cosmo-ready', 'cosmo-error', 'cosmo-close', 'cosmo-token-refresh', 'cosmo-transaction-complete', 'cosmo-transaction-fail']) {
    document.addEventListener(type, (event) => {
      if (type === 'cosmo-ready') ready = true;
      log(`${type} ${JSON.stringify(event.detail)}`);
      status();
    });
  }
})();
