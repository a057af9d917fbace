/** The shapes the web app reads from the API (a subset of the OpenAPI document's schemas). */

export interface WorkExperience {
  title: string;
  occupation?: string;
  sector?: string;
  employerName: string;
  start: string;
  end: string | null;
  description?: string;
}

export interface Education {
  level: string;
  field: string;
  institution?: string;
  completed: boolean;
  year?: number;
}

export interface Language {
  code: string;
  level: string;
}

export interface Contact {
  name: string;
  email: string;
  phone: string;
  address?: { street: string; houseNumber: string; postcode: string; city: string };
  birthDate?: string;
}

/** The body of PUT /api/v1/me/profile. */
export interface ProfileInput {
  desiredOccupations: string[];
  desiredSectors: string[];
  skills: string[];
  experience: WorkExperience[];
  education: Education[];
  languages: Language[];
  place: string;
  maxTravelKm: number;
  hoursPerWeek: number;
  availableFrom: string;
  drivingLicence: boolean;
  visibility: 'hidden' | 'anonymous';
  contact: Contact;
}

export interface Profile extends ProfileInput {
  id: string;
  region: string | null;
  confirmedAt: string | null;
  staleAt: string | null;
  stale: boolean;
  createdAt: string;
  updatedAt: string;
}

/** What an organisation sees: contact is null until its contact request is accepted. */
export type AnonymousProfile = Omit<Profile, 'contact' | 'confirmedAt' | 'staleAt' | 'stale' | 'createdAt'> & { contact: Contact | null };

export interface Vacancy {
  id: string;
  title: string;
  occupation: string;
  sector: string;
  description: string;
  mustHaveSkills: string[];
  niceToHaveSkills: string[];
  place: string;
  region: string | null;
  hoursPerWeek: { min: number; max: number };
  salary: { min: number; max: number; period: 'hour' | 'month' | 'year' } | null;
  startDate: string | null;
  status: 'draft' | 'open' | 'closed';
  organisationId: string;
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ContactRequest {
  id: string;
  organisationId: string;
  organisationName: string;
  profileId: string;
  vacancyId: string | null;
  vacancyTitle: string | null;
  message: string | null;
  status: 'pending' | 'accepted' | 'declined';
  respondedAt: string | null;
  createdAt: string;
}

export interface ProfileView {
  organisationId: string;
  organisationName: string;
  viewedAt: string;
}
