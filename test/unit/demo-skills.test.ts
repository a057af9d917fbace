/**
 * Every skill word the demo data uses must resolve to a taxonomy skill through the same
 * `resolveSkill` the matcher and search use; a word that does not is scored as plain text and
 * only ever matches itself, so the demo's skills component would read "0 van N".
 */
import { describe, expect, it } from 'vitest';
import { occupationById, resolveSkill } from '../../core/taxonomy/index.js';
import { DEMO_PROFILE, DEMO_VACANCIES } from '../../seeds/demo-accounts.js';
import { DEMO_BASIC_JOB_SKILLS } from '../../seeds/demo-basic-jobs.js';
import { DEMO_POPULATION_SEED, demoProfiles, demoVacancies } from '../../seeds/demo-data.js';
import { generateProfiles, generateVacancies } from '../../seeds/generate.js';

const now = new Date('2026-01-15T09:00:00Z');

function unresolved(words: Iterable<string>): string[] {
  return [...new Set(words)].filter((w) => resolveSkill(w) === null).sort();
}

describe('demo skill words', () => {
  it('the demo jobseeker, the demo employer’s vacancies and the demo wijkbasisbaan use taxonomy skills', () => {
    const words = [...DEMO_PROFILE.skills, ...DEMO_VACANCIES.flatMap((v) => [...v.mustHaveSkills, ...v.niceToHaveSkills]), ...DEMO_BASIC_JOB_SKILLS];
    expect(unresolved(words)).toEqual([]);
  });

  it('the demo population (profiles and vacancies as seeded) uses taxonomy skills', () => {
    const people = demoProfiles(300, DEMO_POPULATION_SEED, now);
    const jobs = demoVacancies(60, DEMO_POPULATION_SEED, now);
    expect(people).toHaveLength(300);
    expect(jobs).toHaveLength(60);
    expect(unresolved([...people.flatMap((p) => p.skills), ...jobs.flatMap((v) => [...v.mustHaveSkills, ...v.niceToHaveSkills])])).toEqual([]);
  });

  it('the generator uses taxonomy skills for every occupation it can pick', () => {
    const people = generateProfiles(3000, 11, { now });
    const jobs = generateVacancies(3000, 12, ['org-1', 'org-2'], { now });
    expect(unresolved([...people.flatMap((p) => p.skills), ...jobs.flatMap((v) => [...v.mustHaveSkills, ...v.niceToHaveSkills])])).toEqual([]);
  });

  it('generated people list the skills of the jobs they held, so "7 jaar ervaring als X" comes with X’s skills', () => {
    const monthIndex = (ym: string): number => Number(ym.slice(0, 4)) * 12 + Number(ym.slice(5, 7));
    const current = monthIndex(now.toISOString().slice(0, 7));
    let longJobs = 0;
    for (const p of generateProfiles(500, 21, { now })) {
      for (const job of p.experience) {
        const essentials = occupationById(job.occupation!)!.essentialSkills;
        const months = (job.end === null ? current : monthIndex(job.end)) - monthIndex(job.start) + 1;
        const expected = months >= 24 ? essentials : essentials.slice(0, 2);
        if (months >= 24) longJobs++;
        expect(expected.filter((s) => !p.skills.includes(s)), `${p.id} ${job.occupation} ${months} months`).toEqual([]);
      }
      expect(p.drivingLicence).toBe(p.skills.includes('rijbewijs-b'));
    }
    expect(longJobs).toBeGreaterThan(100);
  });

  it('resolves the everyday words recruiters and jobseekers type to the skills the generated people have', () => {
    expect(resolveSkill('klantcontact')).toBe('klantgerichtheid');
    expect(resolveSkill('kassawerk')).toBe('kassa');
    expect(resolveSkill('teamwerk')).toBe('samenwerken');
    expect(resolveSkill('plannen')).toBe('plannen-organiseren');
    expect(resolveSkill('nonsense-vaardigheid')).toBeNull();
  });
});
