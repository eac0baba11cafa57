// npm run demo: once the worker answers, mint a few codes against the fake panel and print them,
// so a newcomer can try the redemption page at once.
const [base, adminKey] = process.argv.slice(2);
const templates = [
  { label: 'YouTube subscribers (channel link)', service_id: 101, quantity: 100, platform: 'youtube', service_type: 'subscribers', has_refill: true, example: 'https://www.youtube.com/@YourChannel' },
  { label: 'Instagram likes (post link)', service_id: 202, quantity: 50, platform: 'instagram', service_type: 'likes', example: 'https://www.instagram.com/p/CxYz123AbC/' },
  { label: 'TikTok views (video link)', service_id: 302, quantity: 1000, platform: 'tiktok', service_type: 'views', example: 'https://www.tiktok.com/@user/video/7234567890123456789' },
  // The panel's type asks for more than the link: the page shows a box for each input.
  { label: 'Instagram mentions with hashtags (post link, usernames, hashtags)', service_id: 204, quantity: 100, platform: 'instagram', service_type: 'mentions', example: 'https://www.instagram.com/p/CxYz123AbC/ with usernames and #hashtags' },
  { label: 'Instagram auto-likes on the next 10 posts (profile link)', service_id: 205, quantity: 100, platform: 'instagram', service_type: 'likes', subscription: { posts: 10, delay: 0 }, example: 'https://www.instagram.com/yourprofile' },
];

for (let i = 0; i < 60; i++) {
  try { if ((await fetch(`${base}/api/health`)).ok) break; } catch { /* not up yet */ }
  await new Promise((r) => setTimeout(r, 500));
}
const lines = [];
for (const { label, example, ...t } of templates) {
  const res = await fetch(`${base}/api/admin/codes`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': adminKey },
    body: JSON.stringify({ count: 2, ...t }),
  });
  const body = await res.json();
  if (!body.success) { console.error(`[demo] could not mint demo codes: ${body.message}`); process.exit(1); }
  lines.push(`  ${label}: ${body.data.codes.join('  ')}\n    try a link like ${example}\n    ${base}/#code=${body.data.codes[0]}`);
}
console.error(`\n[demo] codes to try on ${base}/ (the fake panel fulfils them):\n${lines.join('\n')}\n`);
