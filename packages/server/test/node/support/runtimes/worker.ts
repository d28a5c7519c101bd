// A Cloudflare Worker (module syntax) serving the app with the Web Crypto entry, as a partner deploys it on workerd.
import * as web from '../../../../src/index.js';
import { createApp } from './app.js';

let app: ((request: Request) => Promise<Response>) | undefined;

export default {
  fetch(request: Request, env: { SIMULATOR_URL: string; WEBHOOK_SECRET: string }): Promise<Response> {
    app ??= createApp({ web }, { simulatorUrl: env.SIMULATOR_URL, webhookSecret: env.WEBHOOK_SECRET });
    return app(request);
  },
};
