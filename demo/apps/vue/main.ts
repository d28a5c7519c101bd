/**
 * Acme Rewards in Vue 3: the tags come from `@cosmopoints/widgets/define`; Vue's compiler is told they
 * are custom elements (`isCustomElement` in ../build.ts).
 */
import '@cosmopoints/widgets/define';
import { createApp } from 'vue';
import App from './App.vue';

createApp(App).mount('#app');
