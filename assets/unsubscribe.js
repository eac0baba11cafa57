// The unsubscribe link of an order e-mail opens this page; only the click unsubscribes (a POST),
// so a mail scanner that fetches every link changes nothing. The address, its token and the
// e-mail's language come in the fragment (#address=...&token=...&lang=...), never sent to the
// server by the page load itself. The words are the shop's one catalogue (i18n.js).
'use strict';
const params = new URLSearchParams(location.hash.slice(1));
const address = params.get('address') ?? '';
const token = params.get('token') ?? '';
const $ = (id) => document.getElementById(id);
const words = window.I18N ?? {};
const asked = params.get('lang') ?? navigator.language ?? 'en';
const lang = words[asked] ? asked : words[asked.split('-')[0]] ? asked.split('-')[0] : 'en';
/** A word of the catalogue in the page's language (English when it lacks one), {name} filled. */
const t = (key, vars = {}) => (words[lang]?.[key] ?? words.en?.[key] ?? key).replace(/\{(\w+)\}/g, (_, k) => vars[k] ?? '');
document.documentElement.lang = lang;
document.documentElement.dir = window.I18N_RTL?.includes(lang) ? 'rtl' : 'ltr';
document.title = t('unsub.title');
for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
// The address is the buyer's own text: placed as text, never as markup.
const [before, after] = t('unsub.text', { address: '\u0000' }).split('\u0000');
const strong = Object.assign(document.createElement('strong'), { id: 'unsub-address', textContent: address || '—' });
$('unsub-text').replaceChildren(before ?? '', strong, after ?? '');
$('unsub-confirm').disabled = !address || !token;
$('unsub-confirm').addEventListener('click', async () => {
  $('unsub-confirm').disabled = true;
  $('unsub-error').textContent = '';
  try {
    const res = await fetch(`/api/unsubscribe?${new URLSearchParams({ address, token })}`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click',
    });
    if (res.ok) {
      $('unsub-done').textContent = t('unsub.done', { address });
      $('unsub-done').classList.remove('hidden');
      $('unsub-confirm').classList.add('hidden');
    } else {
      $('unsub-error').textContent = res.status === 403 ? t('unsub.invalid') : t('unsub.offline');
      $('unsub-confirm').disabled = false;
    }
  } catch {
    $('unsub-error').textContent = t('unsub.offline');
    $('unsub-confirm').disabled = false;
  }
});
