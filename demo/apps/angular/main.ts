/**
 * Acme Rewards in Angular (standalone component, zoneless, compiled just in time in the browser so the
 * demo needs no Angular CLI). The tags come from `@cosmopoints/widgets/define`; `CUSTOM_ELEMENTS_SCHEMA`
 * lets the template use them; `cosmoHandler` types each `$event`.
 */
import '@angular/compiler';
import '@cosmopoints/widgets/define';
import { Component, CUSTOM_ELEMENTS_SCHEMA, provideZonelessChangeDetection, signal } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { cosmoHandler } from '@cosmopoints/widgets/angular';
import { currentMember, logEntry, TOKEN_URL, widgetUrls } from '../shared/config.js';
import type { LoggedEvent } from '../shared/config.js';

@Component({
  selector: 'acme-app',
  standalone: true,
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <header>
      <h1>Acme Rewards · Angular</h1>
      <nav>
        <a href="/">Main demo</a>
        <a href="/apps/react/">React</a>
        <a href="/apps/vue/">Vue</a>
        <a href="/apps/angular/" aria-current="page">Angular</a>
      </nav>
      <span data-testid="member">{{ memberText() }}</span>
    </header>
    <main data-framework="angular">
      @if (signedOut()) {
        <p class="notice" data-testid="signed-out-notice">
          Sign in on the <a href="/">main demo page</a> first: the token route answers 401 without a session.
        </p>
      }
      <section>
        <h2>Exchange points</h2>
        <cosmo-purchase-widget
          [tokenUrl]="tokenUrl"
          [widgetUrl]="urls.purchase"
          (cosmo-ready)="onPurchase($event)"
          (cosmo-resize)="onPurchase($event)"
          (cosmo-close)="onPurchase($event)"
          (cosmo-error)="onPurchase($event)"
          (cosmo-token-refresh)="onPurchase($event)"
          (cosmo-transaction-complete)="onTransactionComplete($event)"
          (cosmo-transaction-fail)="onPurchase($event)"
        ></cosmo-purchase-widget>
      </section>
      <section>
        <h2>Reward preferences</h2>
        <cosmo-multibrand-widget
          [tokenUrl]="tokenUrl"
          [widgetUrl]="urls.multibrand"
          (cosmo-ready)="onMultibrand($event)"
          (cosmo-resize)="onMultibrand($event)"
          (cosmo-close)="onMultibrand($event)"
          (cosmo-error)="onMultibrand($event)"
          (cosmo-token-refresh)="onMultibrand($event)"
          (cosmo-program-connect)="onMultibrand($event)"
          (cosmo-program-disconnect)="onMultibrand($event)"
          (cosmo-program-update)="onMultibrand($event)"
        ></cosmo-multibrand-widget>
      </section>
      <section class="log">
        <h2>Template events</h2>
        <ol data-testid="event-log">
          @for (entry of log(); track entry.seq) {
            <li [attr.data-event]="entry.type" [attr.data-widget]="entry.widget">
              <strong>{{ entry.type }}</strong> from {{ entry.widget }}
              <pre class="detail">{{ json(entry.detail) }}</pre>
            </li>
          }
        </ol>
      </section>
    </main>
  `,
})
class AcmeApp {
  readonly tokenUrl = TOKEN_URL;
  readonly urls = widgetUrls();
  readonly log = signal<LoggedEvent[]>([]);
  readonly member = signal<{ signedIn: boolean; name?: string } | undefined>(undefined);
  readonly json = (value: unknown) => JSON.stringify(value);

  constructor() {
    void currentMember().then((member) => this.member.set(member));
  }

  memberText(): string {
    const member = this.member();
    return member === undefined ? '' : member.signedIn ? `Signed in as ${member.name ?? 'member'}` : 'Signed out';
  }

  signedOut(): boolean {
    return this.member()?.signedIn === false;
  }

  onPurchase(event: Event): void {
    this.log.update((entries) => [logEntry('purchase', event), ...entries]);
  }

  onMultibrand(event: Event): void {
    this.log.update((entries) => [logEntry('multibrand', event), ...entries]);
  }

  /** Typed: `event.detail` is a `CosmoTransactionCompleteDetail`. Not proof of payment: wait for the webhook. */
  readonly onTransactionComplete = cosmoHandler('cosmo-transaction-complete', (event) => {
    console.info(`Acme: transaction ${event.detail.transactionId} for ${event.detail.points} points (awaiting its webhook)`);
    this.onPurchase(event);
  });
}

bootstrapApplication(AcmeApp, { providers: [provideZonelessChangeDetection()] }).catch((error: unknown) => console.error(error));
