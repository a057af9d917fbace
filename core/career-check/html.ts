/**
 * The printable Loopbaan-APK report: one self-contained HTML page, no scripts, no external
 * resources (the CSP allows neither, and a printed page must not depend on them), with
 * print CSS so it fits A4 and keeps sections together.
 */
import type { CareerCheckReport } from './index.js';

const esc = (s: string | number): string =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const eur = (n: number): string => `€ ${n.toLocaleString('nl-NL')}`;

/** Render a report as a printable Dutch HTML page. */
export function renderReportHtml(report: CareerCheckReport, name: string): string {
  const pathways = report.pathways
    .map(
      (p) => `<section class="pathway"><h3>${esc(p.occupation.name)} <span class="label">${esc(p.demand.label)} in ${esc(p.demand.regionName)}</span></h3>
<p>Je hebt al: ${p.have.map((s) => esc(s.name)).join(', ') || '—'}.<br>Je mist nog: ${p.gap.map((s) => esc(s.name)).join(', ')}.</p>
<table><tr><th>Opleiding</th><th>Aanbieder</th><th>Kosten</th><th>Duur</th><th>Dekt</th></tr>
${p.courses
  .filter((c) => p.plans.cheapest.courseIds.includes(c.id))
  .map((c) => `<tr><td>${esc(c.title)}</td><td>${esc(c.provider)}</td><td>${eur(c.costEur)}</td><td>${esc(c.durationWeeks)} weken</td><td>${c.covers.map((s) => esc(s.name)).join(', ')}</td></tr>`)
  .join('\n')}
</table>
<p>Samen: ${eur(p.plans.cheapest.totalCostEur)}, ${esc(p.plans.cheapest.totalWeeks)} weken.${p.oneStep ? ` <strong>${esc(p.oneStep.text)}.</strong>` : ''}</p></section>`,
    )
    .join('\n');
  const vacancies = report.vacancies.map((v) => `<li>${esc(v.title)} — ${esc(v.place)}${v.fits ? '' : ' (je mist nog een gevraagde vaardigheid)'}</li>`).join('\n');
  const programmes = report.programmes.map((p) => `<li>${esc(p.name)} (${esc(p.municipality)}): tot ${eur(p.maxPerParticipantEur)} per deelnemer, nog ${esc(p.placesLeft)} plaatsen</li>`).join('\n');
  return `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Loopbaan-APK — ${esc(name)}</title>
<style>
body{font:14px/1.45 Georgia,serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#111}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{border-bottom:2px solid #1b5e20;padding-bottom:.2rem;margin-top:1.6rem}
.label{font:600 .75rem system-ui,sans-serif;background:#e8f5e9;color:#1b5e20;padding:1px 6px;border-radius:3px;vertical-align:middle}
table{border-collapse:collapse;width:100%;font-size:.9rem}td,th{border:1px solid #bbb;padding:3px 6px;text-align:left}
.next{border:2px solid #1b5e20;padding:.6rem .9rem}.muted{color:#555;font-size:.85rem}
@media print{@page{size:A4;margin:18mm}body{margin:0;max-width:none;font-size:11pt}section,.next,table{break-inside:avoid}a{color:inherit;text-decoration:none}}
</style></head><body>
<h1>Loopbaan-APK</h1>
<p class="muted">${esc(name)} · ingevuld op ${esc(report.completedAt.slice(0, 10))}${report.region ? ` · regio ${esc(report.region)}` : ''}</p>
<p>${esc(report.summary)}</p>
<h2>Jouw kansrijke routes</h2>
${pathways || '<p>Nog geen routes gevonden.</p>'}
<h2>Passende vacatures</h2>
<ul>${vacancies || '<li>Nog geen vacatures gevonden.</li>'}</ul>
<h2>Wie betaalt mee</h2>
<ul>${programmes || '<li>Geen open regeling in jouw regio.</li>'}</ul>
<h2>Volgende stap</h2>
<div class="next">${esc(report.nextStep.text)}</div>
<p class="muted">Kosten en data van opleidingen in de demo-catalogus zijn voorbeelden. Arbeidsmarktgegevens: ${esc(report.pathways[0]?.demand.source ?? 'sector-vraagtabel')}.</p>
</body></html>`;
}
