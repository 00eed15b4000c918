//! TypeScript declarations of the data shapes, emitted into the package's `.d.ts`.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** One edit: both flags false removes the seat (the user loses Zero Trust access). */
export interface SeatEdit { access_seat: boolean; gateway_seat: boolean; seat_uid: string; }
/** A seat as the API reports it. */
export interface Seat { access_seat?: boolean; gateway_seat?: boolean; seat_uid?: string; created_at?: string; updated_at?: string; }
/** Paging figures of a collection answer. */
export interface ResultInfo { count?: number; page?: number; per_page?: number; total_count?: number; total_pages?: number; }
/** One entry of Cloudflare's `errors` or `messages`. */
export interface ResponseInfo { code: number; message: string; documentation_url?: string; source?: { pointer?: string }; }
/** What `editSeats` resolves to. */
export interface SeatsPage { success: true; result: Seat[]; result_info?: ResultInfo; messages: ResponseInfo[]; errors: ResponseInfo[]; }
/** Options of a client. Left-out credentials and base URL come from CLOUDFLARE_* in Node. */
export interface ClientOptions {
  apiToken?: string; apiEmail?: string; apiKey?: string;
  /** Default https://api.cloudflare.com/client/v4; point it at a proxy in browsers. */
  baseUrl?: string;
  /** Per attempt, default 60000. */
  timeoutMs?: number;
  /** Default 2 (at most 3 attempts). */
  maxRetries?: number;
  defaultHeaders?: Record<string, string>;
}
/** Options of one call. */
export interface RequestOptions { timeoutMs?: number; maxRetries?: number; headers?: Record<string, string>; }
"#;
