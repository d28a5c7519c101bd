/**
 * The element's own texts (loading, error screens, retry, the iframe's and the dialog's title, the close control) in the
 * languages built in: English, and Arabic (Cosmo's published currencies include AED and SAR), written
 * right to left. Slots override any of them.
 */
const en = {
  loading: 'Loading…',
  retry: 'Try again',
  close: 'Close',
  purchase: 'Cosmo purchase widget',
  multibrand: 'Cosmo multibrand widget',
  network: 'The widget could not connect. Check your connection and try again.',
  'signed-out': 'Sign in to use this widget.',
  server: 'The service is not available right now. Try again in a moment.',
  config: 'This widget is not set up correctly.',
};

/** One language's texts. */
export type Texts = typeof en;

const ar: Texts = {
  loading: 'جارٍ التحميل…',
  retry: 'حاول مرة أخرى',
  close: 'إغلاق',
  purchase: 'أداة Cosmo لشراء النقاط',
  multibrand: 'أداة Cosmo متعددة العلامات',
  network: 'تعذّر الاتصال. تحقّق من اتصالك وحاول مرة أخرى.',
  'signed-out': 'سجّل الدخول لاستخدام هذه الأداة.',
  server: 'الخدمة غير متاحة الآن. حاول مرة أخرى بعد قليل.',
  config: 'لم يتم إعداد هذه الأداة بشكل صحيح.',
};

/** The texts for a BCP 47 tag (`ar`, `ar-AE` → Arabic, anything else → English) and their direction. */
export const textsFor = (lang: string): [Texts, 'rtl' | 'ltr'] => (/^ar\b/i.test(lang) ? [ar, 'rtl'] : [en, 'ltr']);
