//! The users and registrations lists: `listUsers`, `usersPage`, `listDeviceRegistrations`,
//! `findUsersByEmail` on `Client` and as one-off functions. Paging, matching and every check
//! are the core's; this file moves pages between `fetch` and the caller.

use std::borrow::Cow;
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;

use super::client::{promise, signal_of, transport_of, with_rate_limit, Client};
use super::envelope::page;
use super::js_input::{
    env_defaults, js_property, option_value, options_shape, raw_options, set_property,
};
use super::progress::Progress;
use super::send::Sender;
use super::throw::to_js_error;
use super::transport::Transport;
use super::utf8::string_of;
use crate::endpoint::Endpoint;
use crate::endpoints::registrations::list_registrations;
use crate::endpoints::users::list_users;
use crate::error::SeatsError;
use crate::json::strings_or_nulls;
use crate::matching::{choose_strategy, match_emails, wanted_emails, Lower, Strategy, Wanted};
use crate::options::{
    check_options_object, resolve_client, resolve_request, ClientConfig, OptionValue,
    RequestSettings,
};
use crate::paging::{CursorWalk, PageInfo, PageWalk, Step};
use crate::query::{devices_query, users_query, DevicesQuery, UsersQuery};
use crate::ratelimit::Pacer;
use crate::validate::check_account_id;

/// One list call: how to send, and whom to tell about progress.
pub(super) struct ListCall {
    /// How to send, and the caller's `onProgress`.
    pub sender: Sender,
    /// The call's checked options (batches and concurrency, for a reclaim that applies).
    pub settings: RequestSettings,
}

/// The call's own options on top of a client's settings.
pub(super) fn list_call(
    config: &ClientConfig,
    transport: Transport,
    pacer: Rc<RefCell<Pacer>>,
    options: &JsValue,
) -> Result<ListCall, SeatsError> {
    check_options_object(&options_shape(options))?;
    let settings = resolve_request(&raw_options(options, "headers"), "headers")?;
    Ok(ListCall {
        sender: Sender {
            config: config.with(&settings),
            transport,
            signal: signal_of(options),
            pacer,
            progress: Progress::new(js_property(options, "onProgress").dyn_into().ok()),
        },
        settings,
    })
}

/// A one-off call: `options` holds the client's options and the call's.
fn one_off_call(options: &JsValue) -> Result<ListCall, SeatsError> {
    check_options_object(&options_shape(options))?;
    let config = resolve_client(&raw_options(options, "defaultHeaders"), &env_defaults())?;
    list_call(&config, transport_of(options), Rc::default(), options)
}

pub(super) fn account(account_id: &JsValue) -> Result<String, SeatsError> {
    let account_id = account_id.as_string();
    check_account_id(account_id.as_deref())?;
    Ok(account_id.unwrap_or_default())
}

fn get(value: &JsValue, name: &'static str) -> JsValue {
    js_property(value, name)
}

/// A finite number field of `result_info`.
fn figure(info: &JsValue, name: &'static str) -> Option<f64> {
    get(info, name).as_f64().filter(|n| n.is_finite())
}

/// The envelope's `result` (an array: the core's classification checked it).
fn result_of(envelope: &JsValue) -> Array {
    get(envelope, "result")
        .dyn_into::<Array>()
        .unwrap_or_default()
}

#[wasm_bindgen(module = "/js/read-lists.js")]
extern "C" {
    #[wasm_bindgen(js_name = packIds)]
    fn pack_ids(items: &Array) -> JsValue;
}

/// Each item's `id` (its identity for skipping repeats), as the JSON text of one page's ids.
fn ids_text(items: &Array) -> String {
    string_of(&pack_ids(items)).unwrap_or_default()
}

/// The ids read from [`ids_text`]: one per item, `None` for an item without a string `id`
/// (always kept). Text that does not read as such keeps every item.
fn ids_of<'t>(text: &'t str, items: &Array) -> Vec<Option<Cow<'t, str>>> {
    let count = items.length() as usize;
    strings_or_nulls(text)
        .filter(|ids| ids.len() == count)
        .unwrap_or_else(|| vec![None; count])
}

/// Appends the items a step keeps: a page with no repeat (the usual case) in one `push`.
fn push_kept(all: &Array, items: &Array, step: &Step) {
    if step.keep.iter().all(|keep| *keep) {
        let push = Reflect::get(all, &JsValue::from_str("push"))
            .ok()
            .and_then(|push| push.dyn_into::<Function>().ok());
        if let Some(push) = push {
            if Reflect::apply(&push, all, items).is_ok() {
                return;
            }
        }
    }
    for (item, keep) in items.iter().zip(&step.keep) {
        if *keep {
            all.push(&item);
        }
    }
}

fn total_of(info: &JsValue) -> Option<usize> {
    figure(info, "total_count")
        .filter(|n| *n >= 0.0 && n.fract() == 0.0)
        .map(|n| n as usize)
}

async fn fetch_page(call: &ListCall, endpoint: Endpoint) -> Result<JsValue, SeatsError> {
    let request = endpoint.request_for(&call.sender.config);
    call.sender.send(&request).await
}

/// A users listing in progress: the walk, and the users kept so far.
pub(super) struct UsersListing<'a> {
    call: &'a ListCall,
    account_id: &'a str,
    query: UsersQuery,
    walk: PageWalk,
    users: Array,
    done: bool,
}

impl<'a> UsersListing<'a> {
    pub(super) fn new(call: &'a ListCall, account_id: &'a str, query: UsersQuery) -> Self {
        let walk = PageWalk::new(query.per_page);
        UsersListing {
            call,
            account_id,
            query,
            walk,
            users: Array::new(),
            done: false,
        }
    }

    /// Reads the next page; true when the listing is complete.
    async fn next_page(&mut self) -> Result<bool, SeatsError> {
        let endpoint = list_users(self.account_id, &self.query, self.walk.page());
        let envelope = fetch_page(self.call, endpoint).await?;
        let items = result_of(&envelope);
        let info = get(&envelope, "result_info");
        let text = ids_text(&items);
        let ids = ids_of(&text, &items);
        let keys: Vec<Option<&str>> = ids.iter().map(Option::as_deref).collect();
        let facts = PageInfo {
            total_pages: figure(&info, "total_pages"),
            total_count: figure(&info, "total_count"),
            per_page: figure(&info, "per_page"),
        };
        let step = self.walk.take(&facts, &keys)?;
        push_kept(&self.users, &items, &step);
        let done = self.users.length() as usize;
        self.call.sender.progress.report(done, total_of(&info));
        self.done = step.done;
        Ok(step.done)
    }

    /// Reads the pages left; resolves to every user kept.
    pub(super) async fn finish(mut self) -> Result<Array, SeatsError> {
        while !self.done {
            self.next_page().await?;
        }
        Ok(self.users)
    }
}

pub(super) async fn all_registrations(
    call: &ListCall,
    account_id: &str,
    query: &DevicesQuery,
) -> Result<Array, SeatsError> {
    let mut walk = CursorWalk::new();
    let all = Array::new();
    loop {
        let endpoint = list_registrations(account_id, query, walk.cursor());
        let envelope = fetch_page(call, endpoint).await?;
        let items = result_of(&envelope);
        let info = get(&envelope, "result_info");
        let text = ids_text(&items);
        let ids = ids_of(&text, &items);
        let keys: Vec<Option<&str>> = ids.iter().map(Option::as_deref).collect();
        let cursor = get(&info, "cursor").as_string();
        let step = walk.take(cursor.as_deref(), &keys)?;
        push_kept(&all, &items, &step);
        call.sender
            .progress
            .report(all.length() as usize, total_of(&info));
        if step.done {
            return Ok(all);
        }
    }
}

/// The `emails` argument as the core's raw values; not an array is an error.
fn emails_of(emails: &JsValue) -> Result<Vec<Wanted>, SeatsError> {
    if !Array::is_array(emails) {
        return Err(SeatsError::validation(
            "emails",
            "must be an array of email addresses",
        ));
    }
    let raw: Vec<_> = emails
        .unchecked_ref::<Array>()
        .iter()
        .map(|value| option_value(&value))
        .collect();
    wanted_emails(&raw, &JsLower)
}

/// The JS engine's `toLowerCase`: its Unicode tables, not a copy in the `.wasm`.
pub(super) struct JsLower;

impl Lower for JsLower {
    fn lower(&self, text: &str) -> String {
        js_sys::JsString::from(text).to_lower_case().into()
    }
}

fn emails_in(users: &Array) -> Vec<Option<String>> {
    users
        .iter()
        .map(|user| get(&user, "email").as_string())
        .collect()
}

/// Finds the addresses: reads the first page of the full listing, then finishes it or looks
/// each address up, whichever takes fewer requests.
async fn find_users(
    call: &ListCall,
    account_id: &str,
    wanted: &[Wanted],
) -> Result<JsValue, SeatsError> {
    let matches = EmailMatchesJs::default();
    if wanted.is_empty() {
        return Ok(matches.into_js());
    }
    let everyone = users_query(&OptionValue::Absent, false)?;
    let mut listing = UsersListing::new(call, account_id, everyone);
    let done = listing.next_page().await?;
    if done || choose_strategy(listing.walk.pages_left(), wanted.len()) == Strategy::FinishListing {
        let users = listing.finish().await?;
        matches.add(wanted, &users);
        return Ok(matches.into_js());
    }
    for one in wanted {
        let mut query = users_query(&OptionValue::Absent, false)?;
        query.email = Some(one.email.clone());
        let users = UsersListing::new(call, account_id, query).finish().await?;
        matches.add(std::slice::from_ref(one), &users);
    }
    Ok(matches.into_js())
}

/// `{ found, missing, ambiguous }` being filled.
#[derive(Default)]
struct EmailMatchesJs {
    found: Array,
    missing: Array,
    ambiguous: Array,
}

impl EmailMatchesJs {
    fn add(&self, wanted: &[Wanted], users: &Array) {
        let emails = emails_in(users);
        let keys: Vec<Option<&str>> = emails.iter().map(Option::as_deref).collect();
        let matches = match_emails(wanted, &keys, &JsLower);
        let email = |i: usize| JsValue::from_str(&wanted[i].email);
        for (i, user) in matches.found {
            self.found
                .push(&entry("email", &email(i), "user", &users.get(user as u32)));
        }
        for i in matches.missing {
            self.missing.push(&email(i));
        }
        for (i, holders) in matches.ambiguous {
            let list: Array = holders.iter().map(|&u| users.get(u as u32)).collect();
            self.ambiguous
                .push(&entry("email", &email(i), "users", &list));
        }
    }

    fn into_js(self) -> JsValue {
        let out: JsValue = Object::new().into();
        set_property(&out, "found", &self.found);
        set_property(&out, "missing", &self.missing);
        set_property(&out, "ambiguous", &self.ambiguous);
        out
    }
}

fn entry(k1: &'static str, v1: &JsValue, k2: &'static str, v2: &JsValue) -> JsValue {
    let out: JsValue = Object::new().into();
    set_property(&out, k1, v1);
    set_property(&out, k2, v2);
    out
}

/// A list call's work, once its input is checked.
pub(super) type Work = Pin<Box<dyn Future<Output = Result<JsValue, SeatsError>>>>;

/// Runs a list call whose options and input were checked first (a bad one sends nothing).
pub(super) fn spawn(work: Result<Work, SeatsError>) -> Promise {
    match work {
        Ok(future) => promise(Box::pin(async move {
            future.await.map_err(|e| to_js_error(&e))
        })),
        Err(err) => Promise::reject(&to_js_error(&err)),
    }
}

fn users_work(
    account_id: JsValue,
    query: JsValue,
) -> impl FnOnce(ListCall) -> Result<Work, SeatsError> {
    move |call| {
        let account_id = account(&account_id)?;
        let query = users_query(&option_value(&query), false)?;
        Ok(Box::pin(async move {
            let users = UsersListing::new(&call, &account_id, query)
                .finish()
                .await?;
            Ok(with_rate_limit(users.into(), &call.sender))
        }) as _)
    }
}

fn devices_work(
    account_id: JsValue,
    query: JsValue,
) -> impl FnOnce(ListCall) -> Result<Work, SeatsError> {
    move |call| {
        let account_id = account(&account_id)?;
        let query = devices_query(&option_value(&query))?;
        Ok(Box::pin(async move {
            let all = all_registrations(&call, &account_id, &query).await?;
            Ok(with_rate_limit(all.into(), &call.sender))
        }) as _)
    }
}

fn find_work(
    account_id: JsValue,
    emails: JsValue,
) -> impl FnOnce(ListCall) -> Result<Work, SeatsError> {
    move |call| {
        let account_id = account(&account_id)?;
        let wanted = emails_of(&emails)?;
        Ok(Box::pin(async move {
            let matches = find_users(&call, &account_id, &wanted).await?;
            Ok(with_rate_limit(matches, &call.sender))
        }) as _)
    }
}

impl Client {
    /// A list call of this client: its settings and pacer, with the call's own options.
    fn list_call(&self, options: Option<JsValue>) -> Result<ListCall, SeatsError> {
        let options = options.unwrap_or(JsValue::UNDEFINED);
        list_call(
            &self.config,
            self.transport.clone(),
            self.pacer.clone(),
            &options,
        )
    }
}

#[wasm_bindgen]
impl Client {
    /// Every user of the account, following page numbers; the API's order, no user twice.
    #[wasm_bindgen(js_name = listUsers, unchecked_return_type = "Promise<Listed<User>>")]
    pub fn list_users(
        &self,
        #[wasm_bindgen(js_name = accountId, unchecked_param_type = "string")] account_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "UsersQuery")] query: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ListOptions")] options: Option<JsValue>,
    ) -> Promise {
        let call = self.list_call(options);
        spawn(call.and_then(users_work(account_id, query)))
    }

    /// One page of the users list (`query.page`, default 1), with its `result_info`.
    #[wasm_bindgen(js_name = usersPage, unchecked_return_type = "Promise<UsersPage>")]
    pub fn users_page(
        &self,
        #[wasm_bindgen(js_name = accountId, unchecked_param_type = "string")] account_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "UsersQuery & { page?: number }")]
        query: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<JsValue>,
    ) -> Promise {
        let call = self.list_call(options);
        spawn(call.and_then(|call| {
            let account_id = account(&account_id)?;
            let query = users_query(&option_value(&query), true)?;
            Ok(Box::pin(async move {
                let endpoint = list_users(&account_id, &query, query.page.unwrap_or(1));
                let envelope = fetch_page(&call, endpoint).await?;
                Ok(with_rate_limit(page(&[envelope]), &call.sender))
            }) as Work)
        }))
    }

    /// Every device registration, following cursors; the API's order, none twice.
    #[wasm_bindgen(
        js_name = listDeviceRegistrations,
        unchecked_return_type = "Promise<Listed<DeviceRegistration>>"
    )]
    pub fn list_device_registrations(
        &self,
        #[wasm_bindgen(js_name = accountId, unchecked_param_type = "string")] account_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "DevicesQuery")] query: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ListOptions")] options: Option<JsValue>,
    ) -> Promise {
        let call = self.list_call(options);
        spawn(call.and_then(devices_work(account_id, query)))
    }

    /// The users holding each address (exact, case-insensitive, trimmed).
    #[wasm_bindgen(js_name = findUsersByEmail, unchecked_return_type = "Promise<EmailMatches>")]
    pub fn find_users_by_email(
        &self,
        #[wasm_bindgen(js_name = accountId, unchecked_param_type = "string")] account_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string[]")] emails: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ListOptions")] options: Option<JsValue>,
    ) -> Promise {
        let call = self.list_call(options);
        spawn(call.and_then(find_work(account_id, emails)))
    }
}

/// One-off `listUsers`: `options` holds the client's options and the call's.
#[wasm_bindgen(js_name = listUsers, unchecked_return_type = "Promise<Listed<User>>")]
pub fn list_users_once(
    #[wasm_bindgen(js_name = accountId, unchecked_param_type = "string")] account_id: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "UsersQuery")] query: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ClientOptions & ListOptions")] options: Option<
        JsValue,
    >,
) -> Promise {
    let options = options.unwrap_or(JsValue::UNDEFINED);
    spawn(one_off_call(&options).and_then(users_work(account_id, query)))
}

/// One-off `listDeviceRegistrations`.
#[wasm_bindgen(
    js_name = listDeviceRegistrations,
    unchecked_return_type = "Promise<Listed<DeviceRegistration>>"
)]
pub fn list_device_registrations_once(
    #[wasm_bindgen(js_name = accountId, unchecked_param_type = "string")] account_id: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "DevicesQuery")] query: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ClientOptions & ListOptions")] options: Option<
        JsValue,
    >,
) -> Promise {
    let options = options.unwrap_or(JsValue::UNDEFINED);
    spawn(one_off_call(&options).and_then(devices_work(account_id, query)))
}

/// One-off `findUsersByEmail`.
#[wasm_bindgen(js_name = findUsersByEmail, unchecked_return_type = "Promise<EmailMatches>")]
pub fn find_users_by_email_once(
    #[wasm_bindgen(js_name = accountId, unchecked_param_type = "string")] account_id: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string[]")] emails: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ClientOptions & ListOptions")] options: Option<
        JsValue,
    >,
) -> Promise {
    let options = options.unwrap_or(JsValue::UNDEFINED);
    spawn(one_off_call(&options).and_then(find_work(account_id, emails)))
}
