/** Which collection feeds which index, and how a stored document becomes a search document. */
import {
  CANDIDATES_INDEX,
  VACANCIES_INDEX,
  candidateIndexSettings,
  toCandidateDocument,
  toVacancyDocument,
  vacancyIndexSettings,
} from '../core/search/documents.js';
import type { IndexFeed } from './sync.js';

/** The feeds of the indexer; `synonyms` usually `synonymGroups()` from the taxonomy. */
export function searchFeeds(synonyms: string[][] = []): IndexFeed[] {
  return [
    { index: CANDIDATES_INDEX, collection: 'profiles', settings: () => candidateIndexSettings(synonyms), toDocument: toCandidateDocument, expiresField: 'freshUntil' },
    { index: VACANCIES_INDEX, collection: 'vacancies', settings: () => vacancyIndexSettings(synonyms), toDocument: (v) => toVacancyDocument(v) },
  ];
}
