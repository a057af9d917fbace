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

// ---- Retraining: pathways, programmes, vouchers, Loopbaan-APK, appointments, wijkbasisbanen ----

export interface SkillRef {
  id: string;
  name: string;
}

export interface PathwayCourse {
  id: string;
  title: string;
  provider: string;
  costEur: number;
  durationWeeks: number;
  format: 'classroom' | 'online' | 'work-based';
  nextStart: string | null;
  demo: boolean;
  covers: SkillRef[];
}

export interface PathwayPlan {
  courseIds: string[];
  totalCostEur: number;
  totalWeeks: number;
  uncovered: SkillRef[];
}

export interface Pathway {
  occupation: { id: string; name: string; sector: string; brc2014: string };
  demand: { label: string; tension: number; region: string; regionName: string; quarter: string; source: string };
  score: number;
  transfer: number;
  have: SkillRef[];
  gap: SkillRef[];
  courses: PathwayCourse[];
  plans: { cheapest: PathwayPlan; shortest: PathwayPlan };
  vacancies: { passend: number; total: number };
  oneStep: { kind: 'course' | 'skill'; courseId: string | null; skills: SkillRef[]; from: number; to: number; text: string } | null;
}

export interface PathwayReport {
  profileId: string;
  region: string | null;
  skills: SkillRef[];
  pathways: Pathway[];
}

/** A catalogue course (GET /api/v1/courses): start dates and target occupations the pathway view lacks. */
export interface Course {
  id: string;
  title: string;
  provider: string;
  targetOccupations: string[];
  costEur: number;
  durationWeeks: number;
  format: PathwayCourse['format'];
  regions: string[];
  startDates: string[];
}

export interface Programme {
  id: string;
  name: string;
  municipality: string;
  description?: string;
  incomeCeilingEur: number | null;
  maxPerParticipantEur: number;
  places: number;
  eligibleSectors: string[];
  regions: string[];
  reviewerOrganisationIds: string[];
  open: boolean;
  placesLeft: number;
  budgetLeftEur: number;
}

export type VoucherStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn' | 'spent';

export interface Voucher {
  id: string;
  programmeId: string;
  programmeName: string;
  profileId: string;
  courseId: string;
  courseTitle: string;
  provider: string;
  targetOccupation: string;
  sector: string;
  amountEur: number;
  startDate: string;
  endDate: string;
  incomeBand: string;
  motivation: string | null;
  status: VoucherStatus;
  decidedAt: string | null;
  reason: string | null;
  createdAt: string;
}

export type AppointmentTopic = 'loopbaan-apk' | 'scholing' | 'voucher' | 'wijkbasisbaan' | 'anders';

export interface Appointment {
  id: string;
  profileId: string;
  requesterName: string;
  requesterEmail: string;
  organisationId: string;
  organisationName: string;
  topic: AppointmentTopic;
  message: string | null;
  preferredDates: string[];
  shareReport: boolean;
  status: 'requested' | 'accepted' | 'declined' | 'cancelled';
  answer: { message: string; proposedAt: string | null; location: string | null; answeredAt: string } | null;
  createdAt: string;
}

/** The body of POST /api/v1/me/career-check. */
export interface CareerCheckInput {
  workWishes: { occupations: string[]; sectors: string[]; hoursPerWeek?: number };
  interests: string[];
  skills: string[];
  constraints: { maxTrainingWeeks?: number; physicalLimitations: boolean; canLearnWhileWorking: boolean; note?: string };
}

export interface CareerCheckReport {
  completedAt: string;
  answers: CareerCheckInput;
  region: string | null;
  summary: string;
  pathways: Pathway[];
  vacancies: Array<Vacancy & { fits: boolean }>;
  courses: Array<{ id: string; title: string; provider: string; costEur: number; durationWeeks: number; forOccupation: string }>;
  programmes: Array<Pick<Programme, 'id' | 'name' | 'municipality' | 'maxPerParticipantEur' | 'incomeCeilingEur' | 'placesLeft'>>;
  nextStep: { text: string; adviser: { organisationId: string; name: string } | null; appointment: Appointment | null };
}

export interface BasicJob {
  id: string;
  title: string;
  description: string;
  publicTask: string;
  hostName: string;
  place: string;
  hoursPerWeek: number;
  skills: string[];
  startDate: string | null;
  status: 'draft' | 'open' | 'filled' | 'closed';
  signOff: { at: string; statement: string } | null;
  filled: boolean;
}

export interface BasicJobOffer {
  id: string;
  basicJobId: string;
  profileId: string;
  title: string;
  publicTask: string;
  hostName: string;
  place: string;
  hoursPerWeek: number;
  message: string | null;
  status: 'offered' | 'accepted' | 'declined' | 'withdrawn';
  answeredAt: string | null;
  createdAt: string;
}

export interface BasicJobCandidate {
  score: number;
  distanceKm: number | null;
  skillsMatched: number;
  candidate: AnonymousProfile;
}
