/** UI strings of both widget apps, English and French, and number formatting for the active locale. */

const en = {
  close: 'Close',
  loading: 'Loading…',
  errorTitle: 'Something went wrong',
  reload: 'Reload',
  notFramed: 'This page is a Cosmo widget: open it through a Cosmo widget element.',
  purchaseTitle: 'Buy points',
  chooseProgram: 'Choose a program',
  points: 'Points',
  price: (amount: string) => `Price: ${amount}`,
  confirm: 'Confirm purchase',
  processing: 'Processing…',
  successTitle: 'Purchase complete',
  successBody: (points: string, unit: string, program: string) => `You bought ${points} ${unit} with ${program}.`,
  reference: 'Reference',
  again: 'Buy more',
  done: 'Done',
  failureTitle: 'Purchase failed',
  retry: 'Try again',
  invalidPoints: (max: string) => `Enter a whole number from 1 to ${max}.`,
  programTerms: (program: string) => `${program} program terms`,
  multibrandTitle: 'Reward preferences',
  splitSummary: (count: number) => (count === 0 ? 'You are not earning with any program yet.' : `Your earning is split across ${count} program${count === 1 ? '' : 's'}.`),
  connected: 'Connected',
  notConnected: 'Not connected',
  connect: 'Connect',
  disconnect: 'Disconnect',
  share: 'Share of earning (%)',
  save: 'Save',
  saved: 'Saved.',
  soleShare: 'Your only program receives all of your earning.',
  signInFirst: 'You sign in with this program to connect it.',
  signInWaiting: (program: string) => `Waiting for you to sign in with ${program}…`,
  signInReopen: 'Open the sign-in page again',
  cancel: 'Cancel',
  signInCancelled: 'Sign-in cancelled.',
};

const fr: typeof en = {
  close: 'Fermer',
  loading: 'Chargement…',
  errorTitle: 'Un problème est survenu',
  reload: 'Recharger',
  notFramed: 'Cette page est un widget Cosmo : ouvrez-la via un élément de widget Cosmo.',
  purchaseTitle: 'Acheter des points',
  chooseProgram: 'Choisissez un programme',
  points: 'Points',
  price: (amount) => `Prix : ${amount}`,
  confirm: 'Confirmer l’achat',
  processing: 'Traitement…',
  successTitle: 'Achat effectué',
  successBody: (points, unit, program) => `Vous avez acheté ${points} ${unit} avec ${program}.`,
  reference: 'Référence',
  again: 'Acheter encore',
  done: 'Terminé',
  failureTitle: 'Échec de l’achat',
  retry: 'Réessayer',
  invalidPoints: (max) => `Saisissez un nombre entier de 1 à ${max}.`,
  programTerms: (program) => `Conditions du programme ${program}`,
  multibrandTitle: 'Préférences de récompense',
  splitSummary: (count) => (count === 0 ? 'Vous ne cumulez encore avec aucun programme.' : `Vos gains sont répartis entre ${count} programme${count === 1 ? '' : 's'}.`),
  connected: 'Connecté',
  notConnected: 'Non connecté',
  connect: 'Connecter',
  disconnect: 'Déconnecter',
  share: 'Part des gains (%)',
  save: 'Enregistrer',
  saved: 'Enregistré.',
  soleShare: 'Votre seul programme reçoit la totalité de vos gains.',
  signInFirst: 'Connectez-vous à ce programme pour le relier.',
  signInWaiting: (program) => `En attente de votre connexion à ${program}…`,
  signInReopen: 'Rouvrir la page de connexion',
  cancel: 'Annuler',
  signInCancelled: 'Connexion annulée.',
};

/** The strings of one language. */
export type Strings = typeof en;

const TABLES: Record<string, Strings> = { en, fr };

/** The active locale: strings and formatters. */
export interface Locale {
  tag: string;
  t: Strings;
  number(value: number): string;
  money(value: number, currency: string): string;
}

/** Resolves a BCP 47 tag to a supported locale (English when the language is not translated). */
export function resolveLocale(tag: string | null | undefined): Locale {
  let canonical = 'en';
  try {
    canonical = tag ? (Intl.getCanonicalLocales(tag)[0] ?? 'en') : 'en';
  } catch {
    canonical = 'en';
  }
  const t = TABLES[canonical.split('-')[0]?.toLowerCase() ?? 'en'] ?? en;
  return {
    tag: canonical,
    t,
    number: (value) => new Intl.NumberFormat(canonical).format(value),
    money: (value, currency) => new Intl.NumberFormat(canonical, { style: 'currency', currency }).format(value),
  };
}
