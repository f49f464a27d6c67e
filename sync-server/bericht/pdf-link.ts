/**
 * The link to the printed report (/bericht/bericht.pdf) with a wait message (issue 16): rendering takes
 * about half a minute the first time for a released state (then it is cached), and a bare link would
 * look dead meanwhile. A plain click fetches the PDF while a status line (role="status", announced
 * by screen readers) says so, then offers the finished file as a link. The href stays the real URL,
 * so a click with a modifier key, "open in new tab" or a browser without script still work.
 */
export const WARTEN = 'Der Bericht wird erstellt, das dauert etwa eine halbe Minute …';

export function pdfLink(period: string): HTMLSpanElement {
  const href = `bericht.pdf?period=${encodeURIComponent(period)}`;
  const a = Object.assign(document.createElement('a'), { href, className: 'pdf-link', textContent: `Gedruckter Bericht ${period} (PDF, alle Kennzahlen)` });
  const status = document.createElement('span');
  status.className = 'pdf-status';
  status.setAttribute('role', 'status');
  const wrap = document.createElement('span');
  wrap.append(a, ' ', status);
  let busy = false;
  a.addEventListener('click', async (e) => {
    if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    if (busy) return;
    busy = true;
    a.setAttribute('aria-busy', 'true');
    status.replaceChildren(WARTEN);
    try {
      const res = await fetch(href);
      if (!res.ok) {
        const body = (await res.json().catch(() => ({}))) as { message?: string };
        throw new Error(body.message ?? `HTTP ${res.status}`);
      }
      const url = URL.createObjectURL(await res.blob());
      const open = Object.assign(document.createElement('a'), { href: url, download: `Sozialbericht_${period}.pdf`, className: 'pdf-fertig', textContent: `PDF ${period} öffnen` });
      status.replaceChildren('Der Bericht ist fertig: ', open);
    } catch (err) {
      status.replaceChildren(Object.assign(document.createElement('span'), { className: 'fehler', textContent: `Der Bericht konnte nicht erstellt werden: ${(err as Error).message}` }));
    } finally {
      busy = false;
      a.removeAttribute('aria-busy');
    }
  });
  return wrap;
}
