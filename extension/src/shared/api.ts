/** The API's JSON shapes, as server/schemas.py defines them. */

export type Kind = 'reply' | 'post' | 'trend';

export interface SourceRef {
  kind: string;
  source: string;
  excerpt: string;
}

/** Where a sentence of a draft comes from, so that it can be trusted at a glance. */
export interface Citation {
  /** The draft's sentence (as posted) that carries the fact. */
  text: string;
  /** `faq`, `reply` (an approved reply), `post`, `guideline`, `profile` or `brief`. */
  kind: string;
  /** What a person reads next to the draft, e.g. "FAQ: How long does delivery take?". */
  label: string;
  /** The knowledge file (and entry) it was taken from. */
  source: string;
}

export interface Draft {
  text: string;
  platform: string;
  chars: number;
  limit: number;
  sources: SourceRef[];
  warnings: string[];
  /** The draft's sentences that carry a fact, each with its source; absent from older servers. */
  citations?: Citation[];
  thread: string[];
  hashtags: string[];
  angle?: string | null;
}

export interface Triage {
  category: string;
  sentiment: string;
  severity: number;
  language: string;
  pii: string[];
  injection_suspected: boolean;
  action: string;
  why: string;
}

export interface TrendFit {
  score: number;
  verdict: string;
  risks: string[];
  why: string;
}

export interface ReplyRequest {
  brand: string;
  platform: string;
  comment: string;
  context?: string;
  author?: string;
  language?: string;
  variants?: number;
}

export interface PostRequest {
  brand: string;
  platforms: string[];
  brief: string;
  language?: string;
  tone?: string;
  variants?: number;
}

export interface TrendRequest {
  brand: string;
  trend: string;
  platforms: string[];
  examples?: string[];
  language?: string;
  variants?: number;
}

export interface PlatformDrafts {
  platform: string;
  drafts: Draft[];
  visual: { format: string; aspect: string };
  /** Why fewer drafts than asked came back for this platform. */
  warnings?: string[];
}

export interface ReplyResponse {
  drafts: Draft[];
  language: string;
  triage?: Triage | null;
  note?: string | null;
}

export interface PostResponse {
  language: string;
  platforms: PlatformDrafts[];
}

export interface TrendResponse extends PostResponse {
  fit: TrendFit;
}

export type DraftRequest = ReplyRequest | PostRequest | TrendRequest;
export type DraftResponse = ReplyResponse | PostResponse | TrendResponse;

/** Data of a `token` event: one piece of the text the model is writing. */
export interface TokenPiece {
  variant: number;
  attempt: number;
  platform: string;
  text: string;
}

export interface BrandSummary {
  id: string;
  name: string;
  description: string;
  languages: string[];
  chunks: number;
}

export interface Health {
  status: string;
  backend: string;
  model: string;
  /** `ready`, `starting`, `restarting` (the embedded model after a crash), `failed`, or `external`. */
  model_status?: string;
  model_restarts?: number;
  brands: number;
  version: string;
}

/** `POST /v1/feedback`: which draft went out, and how the community manager changed it. */
export interface Feedback {
  brand: string;
  kind: Kind;
  platform: string;
  draft: string;
  /** The text in the editor when it was posted; null when unknown. */
  final: string | null;
  edited: boolean;
  variant: number;
  /** The page's host, e.g. `x.com`. */
  site: string;
}

/** An RFC 9457 problem body. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
}

export const DRAFT_PATHS: Record<Kind, string> = {
  reply: '/v1/drafts/reply',
  post: '/v1/drafts/post',
  trend: '/v1/drafts/trend',
};

/** Every platform the API drafts for (server/drafting/platforms.py). */
export const PLATFORMS = [
  'x',
  'linkedin',
  'facebook',
  'instagram',
  'threads',
  'bluesky',
  'mastodon',
  'tiktok',
] as const;
