/**
 * The zod schema of each collection's documents. Production adapters that want a schema of
 * their own (mongoose) derive it from these, so zod stays the single source of truth.
 */
import type { z } from 'zod';
import { ProfileDoc } from './profiles.js';
import { VacancyDoc } from './vacancies.js';

export const STORED_SCHEMAS: Record<string, z.ZodType> = {
  profiles: ProfileDoc,
  vacancies: VacancyDoc,
};
