//! `planReclaim`: reads the caller's users and registrations into the core's types, plans in
//! the core, and returns the plan as plain JS objects. No decision is made here.

use js_sys::{Array, Date, JsString, Object};
use wasm_bindgen::prelude::*;

use super::client::Client;
use super::heap::reserve_heap;
use super::js_input::{js_property, option_value, set_property as set};
use super::lists::JsLower;
use super::throw::to_js_error;
use super::utf8::{append_utf8, units_of};
use crate::error::SeatsError;
use crate::plan_input::{read_devices, read_users};
use crate::plan_json::{push_decisions, push_edits, push_tail, DECISIONS_OPEN, EDITS_OPEN};
use crate::policy::{check_policy, PLAN_KEYS};
use crate::reclaim::{edits_of, plan_roster, Plan, Policy};
use crate::roster::{Activity, Roster};
use crate::time::parse_rfc3339_ms;
use crate::types::SeatEdit;

#[wasm_bindgen(module = "/js/read-lists.js")]
extern "C" {
    #[wasm_bindgen(js_name = packUsers, catch)]
    fn pack_users(users: &JsValue, start: u32, end: u32) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = packDevices, catch)]
    fn pack_devices(devices: &JsValue, start: u32, end: u32) -> Result<JsValue, JsValue>;
}

type Pack = fn(&JsValue, u32, u32) -> Result<JsValue, JsValue>;

/// Room for one chunk's rows (~90 KB of user rows; grown if a chunk needs more).
const CHUNK_ROOM: usize = 128 * 1024;

/// The heap a plan takes, in sixteenths of the users' rows' size: the roster (its texts ~0.6 of
/// the rows, and 56 bytes a user), its id index, the decisions (32 bytes each) and the buffers of
/// one chunk and one slice of JSON. Measured: 20 sixteenths are short and 22 enough, both for
/// 100,000 users and 150,000 registrations (user rows 17.9 MB) and for 20,000 and 30,000; 24
/// leave room, and grow the memory by 25.2 MiB for the first, under the 32 MiB growth that starts
/// V8's mark of the caller's whole heap.
const ROOM_SIXTEENTHS: usize = 24;

/// Items packed per crossing: a chunk's text (~90 KB of user rows) stays below V8's large-object
/// size, so it is allocated young and dies young once copied.
const CHUNK: u32 = 500;

/// A list (`users`, `devices`) being packed by js/read-lists.js a chunk at a time, each chunk's
/// JSON text of rows copied into wasm memory and read in turn; the first chunk is packed (still
/// in JS) when it starts.
struct Packing {
    list: JsValue,
    length: u32,
    key: &'static str,
    pack: Pack,
    first: JsValue,
}

impl Packing {
    fn start(list: &JsValue, key: &'static str, pack: Pack) -> Result<Packing, SeatsError> {
        if !Array::is_array(list) {
            return Err(SeatsError::validation(key, "must be an array"));
        }
        let length = list.unchecked_ref::<Array>().length();
        let first = pack(list, 0, length.min(CHUNK)).map_err(|_| unreadable(key))?;
        Ok(Packing {
            list: list.clone(),
            length,
            key,
            pack,
            first,
        })
    }

    /// The rows' size in bytes, guessed from the first chunk (exact for ASCII and one chunk).
    fn estimate(&self) -> usize {
        let chunks = self.length.div_ceil(CHUNK).max(1) as usize;
        units_of(&self.first).unwrap_or(0).saturating_mul(chunks)
    }

    /// The list's length in items.
    fn length(&self) -> usize {
        self.length as usize
    }

    /// Calls `visit` with each chunk's rows, `[row, …]`, and the index of its first item: each
    /// chunk is packed and copied into `buffer` (reused) in turn, so the list's rows are never
    /// in wasm memory whole.
    fn each_chunk(
        &self,
        buffer: &mut Vec<u8>,
        mut visit: impl FnMut(&str, usize) -> Result<(), SeatsError>,
    ) -> Result<(), SeatsError> {
        let mut start = 0;
        while start < self.length.max(1) {
            let end = self.length.min(start.saturating_add(CHUNK));
            buffer.clear();
            if start == 0 {
                self.append(&self.first, buffer)?;
            } else {
                let text = (self.pack)(&self.list, start, end).map_err(|_| unreadable(self.key))?;
                self.append(&text, buffer)?;
            }
            let text = core::str::from_utf8(buffer).map_err(|_| unreadable(self.key))?;
            visit(text, start as usize)?;
            start = end.max(start + 1);
        }
        Ok(())
    }

    fn append(&self, text: &JsValue, bytes: &mut Vec<u8>) -> Result<(), SeatsError> {
        append_utf8(text, bytes).ok_or_else(|| unreadable(self.key))
    }
}

fn unreadable(key: &str) -> SeatsError {
    SeatsError::validation(key, "could not be read")
}

/// Both lists started, and the memory grown once to what the plan will take in all. The
/// registrations' error waits until the users are read: theirs come first, as they always did.
fn pack_lists(
    users: &JsValue,
    devices: &JsValue,
) -> Result<(Packing, Result<Packing, SeatsError>), SeatsError> {
    let users = Packing::start(users, "users", pack_users)?;
    let devices = Packing::start(devices, "devices", pack_devices);
    if devices.is_ok() {
        reserve_heap(users.estimate() / 16 * ROOM_SIXTEENTHS);
    }
    Ok((users, devices))
}

/// `now`: an RFC 3339 string, milliseconds, a `Date`, or left out for the current time.
pub(super) fn now_of(value: &JsValue) -> Result<i64, SeatsError> {
    let bad = || {
        SeatsError::validation(
            "now",
            "must be an RFC 3339 date-time, a number of milliseconds or a Date",
        )
    };
    if value.is_undefined() {
        return Ok(Date::now() as i64);
    }
    if let Some(text) = value.as_string() {
        return parse_rfc3339_ms(&text).ok_or_else(bad);
    }
    let ms = if value.is_instance_of::<Date>() {
        value.unchecked_ref::<Date>().get_time()
    } else {
        value.as_f64().ok_or_else(bad)?
    };
    if ms.is_finite() && ms.fract() == 0.0 && ms.abs() < 8.64e15 {
        Ok(ms as i64)
    } else {
        Err(bad())
    }
}

/// The `keep` option's elements, when it is an array.
fn keep_items(input: &JsValue) -> Option<Vec<crate::options::OptionValue>> {
    let keep = js_property(input, "keep");
    Array::is_array(&keep).then(|| {
        keep.unchecked_into::<Array>()
            .iter()
            .map(|item| option_value(&item))
            .collect()
    })
}

fn plan(input: &JsValue) -> Result<JsValue, SeatsError> {
    let now_ms = now_of(&js_property(input, "now"))?;
    let keep = keep_items(input);
    let policy = check_policy(
        &option_value(input),
        keep.as_deref(),
        now_ms,
        PLAN_KEYS,
        &JsLower,
    )?;
    let users = js_property(input, "users");
    let (report, _) = plan_lists(&users, &js_property(input, "devices"), &policy, false)?;
    Ok(report)
}

/// Reads both lists into the core (the users' errors first) and plans: the plan as JS objects,
/// and its seat edits (only `with_edits`, else none). The users are read into a [`Roster`] and the
/// registrations folded into it a chunk at a time; both are dropped on return.
fn plan_lists(
    users: &JsValue,
    devices: &JsValue,
    policy: &Policy,
    with_edits: bool,
) -> Result<(JsValue, Vec<SeatEdit>), SeatsError> {
    let (users, devices) = pack_lists(users, devices)?;
    let mut buffer = Vec::with_capacity(CHUNK_ROOM);
    let mut roster = Roster::with_capacity(users.length(), 0);
    let chunks = users.length().div_ceil(CHUNK as usize);
    users.each_chunk(&mut buffer, |text, first| {
        read_users(text, first, |_, user| roster.push(&user))?;
        if first == 0 {
            // The first chunk's texts tell the rest's, with a sixteenth to spare.
            let rest = roster.text_len() * chunks.saturating_sub(1);
            roster.reserve_text(rest + rest / 16);
        }
        Ok(())
    })?;
    let devices = devices?;
    let mut activity = Activity::new(&roster, &JsLower);
    devices.each_chunk(&mut buffer, |text, first| {
        read_devices(text, first, |index, device| activity.add(index, &device))
    })?;
    let devices = activity.finish();
    drop(buffer);
    let plan = plan_roster(&roster, &devices, policy, &JsLower)?;
    let report = plan_js(&plan, &roster);
    let edits = if with_edits {
        edits_of(&plan, &roster)
    } else {
        Vec::new()
    };
    Ok((report, edits))
}

/// Decisions written and parsed per slice: ~100 KB of JSON text, reused.
const DECISIONS_PER_SLICE: usize = 400;

/// The plan as `{ edits, decisions, summary }`: the core writes it as JSON text, which the JS
/// engine parses in one go (one string crossing instead of ~7 per decision). The text is written
/// a slice of decisions at a time and joined in JS, so the whole of it (~25 MB for 100,000
/// users) is never in wasm memory.
fn plan_js(plan: &Plan, users: &Roster) -> JsValue {
    let mut whole = JsString::from(EDITS_OPEN);
    let mut text = String::with_capacity(DECISIONS_PER_SLICE * 320);
    let mut add = |text: &str| whole = whole.concat(&JsValue::from_str(text));
    let slices = || {
        (0..plan.decisions.len())
            .step_by(DECISIONS_PER_SLICE)
            .map(|start| start..plan.decisions.len().min(start + DECISIONS_PER_SLICE))
    };
    let mut any = false;
    for range in slices() {
        text.clear();
        push_edits(&mut text, plan, users, range, &mut any);
        add(&text);
    }
    add(DECISIONS_OPEN);
    for range in slices() {
        text.clear();
        push_decisions(&mut text, plan, users, range);
        add(&text);
    }
    text.clear();
    push_tail(&mut text, plan);
    add(&text);
    super::envelope::json_parse(&whole).unwrap_or(JsValue::UNDEFINED)
}

/// Plans which idle seats to take back; sends nothing. Throws `ValidationError` on bad input.
#[wasm_bindgen(js_name = planReclaim, unchecked_return_type = "ReclaimPlan")]
pub fn plan_reclaim_js(
    #[wasm_bindgen(unchecked_param_type = "PlanReclaimInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    plan(&input).map_err(|e| to_js_error(&e))
}

/// The keys `reclaimSeats` takes: the policy, and how to apply it.
const RECLAIM_KEYS: &[&str] = &[
    "now",
    "inactiveDays",
    "seats",
    "keep",
    "neverActive",
    "apply",
    "batchSize",
    "concurrency",
    "signal",
    "onProgress",
    "timeoutMs",
    "maxRetries",
    "headers",
];
/// Seats per PATCH and PATCHes in flight when the caller does not say.
const DEFAULT_BATCH_SIZE: f64 = 100.0;
const DEFAULT_CONCURRENCY: f64 = 4.0;

/// `onProgress` for one phase: the caller's callback, given `phase` too.
fn phase_progress(callback: &Option<js_sys::Function>, phase: &str) -> Option<js_sys::Function> {
    let callback = callback.as_ref()?;
    let wrap = js_sys::Function::new_with_args("f, phase, p", "p.phase = phase; return f(p);");
    let bound: JsValue = wrap
        .bind2(&JsValue::NULL, callback, &JsValue::from_str(phase))
        .into();
    Some(bound.unchecked_into())
}

/// The policy's own options with the defaults of a reclaim (batches of 100, 4 in flight).
fn apply_options(options: &JsValue) -> JsValue {
    let copy: JsValue = Object::assign(&Object::new(), options.unchecked_ref()).into();
    for (key, default) in [
        ("batchSize", DEFAULT_BATCH_SIZE),
        ("concurrency", DEFAULT_CONCURRENCY),
    ] {
        if js_property(&copy, key).is_undefined() {
            set(&copy, key, &JsValue::from_f64(default));
        }
    }
    copy
}

/// Lists, plans, and with `apply: true` sends the plan's edits in batches.
async fn reclaim(
    client_config: crate::options::ClientConfig,
    transport: super::transport::Transport,
    pacer: std::rc::Rc<std::cell::RefCell<crate::ratelimit::Pacer>>,
    account_id: String,
    options: JsValue,
    now_ms: i64,
    apply: bool,
) -> Result<JsValue, JsValue> {
    let fail = |e: SeatsError| to_js_error(&e);
    let keep = keep_items(&options);
    let policy = check_policy(
        &option_value(&options),
        keep.as_deref(),
        now_ms,
        RECLAIM_KEYS,
        &JsLower,
    )
    .map_err(fail)?;
    let options = apply_options(&options);
    let call = super::lists::list_call(&client_config, transport.clone(), pacer, &options)
        .map_err(fail)?;
    let caller_progress = js_property(&options, "onProgress").dyn_into().ok();
    let phase = |name| super::lists::ListCall {
        sender: super::send::Sender {
            config: call.sender.config.clone(),
            transport: transport.clone(),
            signal: call.sender.signal.clone(),
            pacer: call.sender.pacer.clone(),
            progress: super::progress::Progress::new(phase_progress(&caller_progress, name)),
        },
        settings: call.settings.clone(),
    };
    let everyone =
        crate::query::users_query(&crate::options::OptionValue::Absent, false).map_err(fail)?;
    let users_call = phase("users");
    let users_js = super::lists::UsersListing::new(&users_call, &account_id, everyone)
        .finish()
        .await
        .map_err(fail)?;
    let all = crate::query::devices_query(&crate::options::OptionValue::Absent).map_err(fail)?;
    let all = crate::query::DevicesQuery {
        status: Some("all"),
        ..all
    };
    let devices_js = super::lists::all_registrations(&phase("devices"), &account_id, &all)
        .await
        .map_err(fail)?;
    let (report, edits) = plan_lists(&users_js, &devices_js, &policy, apply).map_err(fail)?;
    if !apply || edits.is_empty() {
        if apply {
            set(&report, "applied", &Array::new());
        }
        return Ok(report);
    }
    // The plan's seat_uids come from the API's answers: checked like a caller's body.
    let edits = crate::validate::check_edits(edits.iter().map(|edit| Ok(edit.into())));
    let edit_plan =
        crate::edit::plan_edit(Some(&account_id), edits, call.settings.batch_size).map_err(fail)?;
    let apply_call = super::calls::Call {
        sender: phase("apply").sender,
        concurrency: call.settings.concurrency,
        batched: true,
    };
    let page = super::calls::run(&apply_call, &edit_plan).await?;
    set(&report, "applied", &js_property(&page, "result"));
    Ok(report)
}

#[wasm_bindgen]
impl Client {
    /// Lists every user and registration, plans with the policy, and only with `apply: true`
    /// sends the plan's edits in batches (a failure is a `BulkEditError`). Default: a dry run.
    #[wasm_bindgen(js_name = reclaimSeats, unchecked_return_type = "Promise<ReclaimReport>")]
    pub fn reclaim_seats(
        &self,
        #[wasm_bindgen(js_name = accountId, unchecked_param_type = "string")] account_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "ReclaimOptions")] options: JsValue,
    ) -> js_sys::Promise {
        let checked = super::lists::account(&account_id).and_then(|account_id| {
            let now_ms = now_of(&js_property(&options, "now"))?;
            let apply = match js_property(&options, "apply") {
                v if v.is_undefined() => false,
                v => v
                    .as_bool()
                    .ok_or_else(|| SeatsError::validation("apply", "must be true or false"))?,
            };
            Ok((account_id, now_ms, apply))
        });
        match checked {
            Ok((account_id, now_ms, apply)) => super::client::promise(Box::pin(reclaim(
                self.config.clone(),
                self.transport.clone(),
                self.pacer.clone(),
                account_id,
                options,
                now_ms,
                apply,
            ))),
            Err(err) => js_sys::Promise::reject(&to_js_error(&err)),
        }
    }
}
