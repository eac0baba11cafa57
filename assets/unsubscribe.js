// The unsubscribe link of an order e-mail opens this page; only the click unsubscribes (a POST),
// so a mail scanner that fetches every link changes nothing. The address and its token come in
// the fragment (#address=...&token=...), never sent to the server by the page load itself.
'use strict';
const params = new URLSearchParams(location.hash.slice(1));
const address = params.get('address') ?? '';
const token = params.get('token') ?? '';
const $ = (id) => document.getElementById(id);
$('unsub-address').textContent = address || '—';
$('unsub-confirm').disabled = !address || !token;
$('unsub-confirm').addEventListener('click', async () => {
  $('unsub-confirm').disabled = true;
  $('unsub-error').textContent = '';
  try {
    const res = await fetch(`/api/unsubscribe?${new URLSearchParams({ address, token })}`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click',
    });
    const text = await res.text();
    if (res.ok) {
      $('unsub-done').textContent = text.trim();
      $('unsub-done').classList.remove('hidden');
      $('unsub-confirm').classList.add('hidden');
    } else {
      let message = text;
      try { message = JSON.parse(text).message; } catch { /* not JSON */ }
      $('unsub-error').textContent = message;
      $('unsub-confirm').disabled = false;
    }
  } catch {
    $('unsub-error').textContent = 'The shop could not be reached. Please try again.';
    $('unsub-confirm').disabled = false;
  }
});
