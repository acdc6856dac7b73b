//! The checker's screens, rendered on the server for the step a plain form post reached.
//! Only the results page has an island: its live panel asks the server for the results again
//! as the person changes income, savings or the pledge.

use leptos::prelude::*;

use crate::domain::application::answers::is_member_key;
use crate::domain::application::Answers;
use crate::domain::checker::{CheckPageData, Step, Wizard};
use crate::domain::engine::{AmountRange, CheckResult, Period, ProgrammeOption};
use crate::domain::money::Fen;
use crate::domain::programme::{EventKind, FastTrack, Programme, Relation, Verdict};
use crate::i18n::{fill, Lang, Msg};
use crate::paths;

/// The questionnaire, rendered on the server for the step a form post reached. Only the
/// results are an island: they re-evaluate in the browser as the person changes answers.
#[component]
pub fn CheckWizard(data: CheckPageData) -> impl IntoView {
    view! {
        <form method="post" action=paths::CHECK novalidate>
            {render(&data.wizard, &data)}
        </form>
    }
}

fn render(w: &Wizard, d: &CheckPageData) -> AnyView {
    let lang = d.lang;
    let t = move |m: Msg| lang.t(m);
    let hidden: Vec<_> = w
        .answers
        .0
        .iter()
        .filter(|(k, _)| k.as_str() == "members" || Step::of_field(k) != w.step || w.step == Step::Result)
        .filter(|(k, _)| !(w.step == Step::Household && is_member_field(k)))
        .filter(|(k, _)| !(w.step == Step::Result && LIVE_FIELDS.contains(&k.as_str())))
        .map(|(k, v)| view! { <input type="hidden" name=k.clone() value=v.clone()/> })
        .collect();
    let body = match w.step {
        Step::Where => step_where(w, d).into_any(),
        Step::Household => step_household(w, lang, false).into_any(),
        Step::Income => step_income(w, lang, true).into_any(),
        Step::Spending => step_spending(w, lang, true).into_any(),
        Step::Pledge => step_pledge(w, lang).into_any(),
        Step::Result => step_result(w, d).into_any(),
    };
    let progress = (w.step != Step::Result)
        .then(|| fill(t(Msg::CheckStep), &[("n", w.step.number().to_string()), ("total", "5".into())]));
    let last = w.step == Step::Pledge;
    view! {
        {crate::components::form::default_action(t(match w.step { Step::Result => Msg::LiveUpdate, Step::Pledge => Msg::BtnSeeResults, _ => Msg::BtnContinue }), "action", "continue")}
        <input type="hidden" name="step" value=w.step.code()/>
        {hidden}
        {crate::components::form::error_summary(&w.errors, lang)}
        {progress.map(|p| view! { <p class="step-count">{p}</p> })}
        {body}
        {(w.step != Step::Result).then(|| view! {
            <div class="actions">
                <button type="submit" name="action" value="continue" class="button">
                    {if last { t(Msg::BtnSeeResults) } else { t(Msg::BtnContinue) }}
                </button>
                {(w.step != Step::Where).then(|| view! {
                    <button type="submit" name="action" value="back" class="button-link">{t(Msg::BtnBack)}</button>
                })}
            </div>
        })}
    }
    .into_any()
}

pub(crate) fn is_member_field(k: &str) -> bool {
    is_member_key(k)
}

fn error_for(w: &Wizard, field: &str, lang: Lang) -> Option<String> {
    crate::components::form::error_for(&w.errors, field, lang)
}


/// A labelled text input with hint and error, keeping what was typed.
pub(crate) fn text_field(w: &Wizard, lang: Lang, name: &str, label: Msg, hint: Option<Msg>, mode: &'static str) -> impl IntoView {
    let error = error_for(w, name, lang);
    let has_error = error.is_some();
    let describe = [hint.map(|_| format!("{name}-hint")), error.as_ref().map(|_| format!("{name}-error"))]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    view! {
        <div class="field" class:field-error=has_error>
            <label for=name.to_string()>{lang.t(label)}</label>
            {hint.map(|h| view! { <p class="hint" id=format!("{name}-hint")>{lang.t(h)}</p> })}
            {error.clone().map(|e| view! { <p class="error-message" id=format!("{name}-error")>{e}</p> })}
            <input
                id=name.to_string()
                name=name.to_string()
                type="text"
                inputmode=mode
                autocomplete="off"
                value=w.answers.get(name).to_string()
                aria-describedby=(!describe.is_empty()).then_some(describe)
                aria-invalid=error.is_some().then_some("true")
            />
        </div>
    }
}

pub(crate) fn check_box(answers: &Answers, lang: Lang, name: String, label: Msg) -> impl IntoView {
    view! {
        <div class="check">
            <input type="checkbox" id=name.clone() name=name.clone() value="true" checked=answers.checked(&name)/>
            <label for=name>{lang.t(label)}</label>
        </div>
    }
}

pub(crate) fn yes_no(w: &Wizard, lang: Lang, name: &'static str, legend: Msg, hint: Option<Msg>) -> impl IntoView {
    let error = error_for(w, name, lang);
    let has_error = error.is_some();
    let current = w.answers.get(name).to_string();
    let option = |value: &'static str, label: Msg, first: bool| {
        let id = if first { name.to_string() } else { format!("{name}-{value}") };
        view! {
            <div class="check">
                <input type="radio" id=id.clone() name=name value=value checked=current == value/>
                <label for=id>{lang.t(label)}</label>
            </div>
        }
    };
    view! {
        <fieldset class="field" class:field-error=has_error>
            <legend>{lang.t(legend)}</legend>
            {hint.map(|h| view! { <p class="hint">{lang.t(h)}</p> })}
            {error.map(|e| view! { <p class="error-message">{e}</p> })}
            <div class="inline">{option("yes", Msg::Yes, true)}{option("no", Msg::No, false)}</div>
        </fieldset>
    }
}

/// A question page's heading. The checker moves focus to it after each step; a page of the
/// application has its own `step-heading` (its h1), so there the question is a plain h2.
pub(crate) fn heading(lang: Lang, m: Msg, in_checker: bool) -> AnyView {
    match in_checker {
        true => view! { <h2 id="step-heading" tabindex="-1">{lang.t(m)}</h2> }.into_any(),
        false => view! { <h2>{lang.t(m)}</h2> }.into_any(),
    }
}

fn step_where(w: &Wizard, d: &CheckPageData) -> impl IntoView {
    let lang = d.lang;
    let error = error_for(w, "area", lang);
    let has_error = error.is_some();
    let current = w.answers.get("area").to_string();
    let options: Vec<_> = d
        .areas
        .iter()
        .map(|a| view! { <option value=a.code.clone() selected=current == a.code>{a.name(lang).to_string()}</option> })
        .collect();
    view! {
        {heading(lang, Msg::QArea, true)}
        <div class="field" class:field-error=has_error>
            <label for="area" class="visually-hidden">{lang.t(Msg::QArea)}</label>
            <p class="hint" id="area-hint">{lang.t(Msg::QAreaHint)}</p>
            {error.map(|e| view! { <p class="error-message">{e}</p> })}
            <select id="area" name="area" aria-describedby="area-hint">
                <option value="">{lang.t(Msg::Choose)}</option>
                {options}
            </select>
        </div>
        {yes_no(w, lang, "hukou_local", Msg::QHukou, None)}
        {text_field(w, lang, "months", Msg::QMonths, Some(Msg::QMonthsHint), "numeric")}
    }
}

pub(crate) fn relation_label(r: Relation) -> Msg {
    match r {
        Relation::Applicant => Msg::MemberSelf,
        Relation::Spouse => Msg::RelSpouse,
        Relation::Child => Msg::RelChild,
        Relation::Parent => Msg::RelParent,
        Relation::Grandchild => Msg::RelGrandchild,
        Relation::Grandparent => Msg::RelGrandparent,
        Relation::Sibling => Msg::RelSibling,
        Relation::Other => Msg::RelOther,
    }
}

pub(crate) fn step_household(w: &Wizard, lang: Lang, with_names: bool) -> impl IntoView {
    let n = w.answers.members();
    let members: Vec<_> = (0..n)
        .map(|i| {
            let key = |s: &str| format!("m{i}_{s}");
            let title = if i == 0 { lang.t(Msg::MemberSelf).to_string() } else { fill(lang.t(Msg::MemberN), &[("n", (i + 1).to_string())]) };
            let relation = (i > 0).then(|| {
                let name = key("relation");
                let error = error_for(w, &name, lang);
                let has_error = error.is_some();
                let current = w.answers.get(&name).to_string();
                let options: Vec<_> = Relation::ALL[1..]
                    .iter()
                    .map(|r| view! { <option value=r.code() selected=current == r.code()>{lang.t(relation_label(*r))}</option> })
                    .collect();
                view! {
                    <div class="field" class:field-error=has_error>
                        <label for=name.clone()>{lang.t(Msg::QRelation)}</label>
                        {error.map(|e| view! { <p class="error-message">{e}</p> })}
                        <select id=name.clone() name=name>
                            <option value="">{lang.t(Msg::Choose)}</option>
                            {options}
                        </select>
                    </div>
                }
            });
            view! {
                <fieldset class="member">
                    <legend>{title}</legend>
                    {(with_names && i > 0).then(|| text_field(w, lang, &key("name"), Msg::QMemberName, None, "text"))}
                    {relation}
                    {text_field(w, lang, &key("age"), Msg::QAge, None, "numeric")}
                    {text_field(w, lang, &key("income"), Msg::QMemberIncome, Some(Msg::QMemberIncomeHint), "decimal")}
                    <p class="label">{lang.t(Msg::QMemberSituation)}</p>
                    {check_box(&w.answers, lang, key("disabled"), Msg::QDisabled)}
                    {check_box(&w.answers, lang, key("ill"), Msg::QIll)}
                    {check_box(&w.answers, lang, key("work"), Msg::QCanWork)}
                    {(i > 0).then(|| view! {
                        <button type="submit" name="action" value=format!("remove_member_{i}") class="button-link">{lang.t(Msg::BtnRemoveMember)}</button>
                    })}
                </fieldset>
            }
        })
        .collect();
    view! {
        {heading(lang, Msg::QHousehold, !with_names)}
        <p class="hint">{lang.t(Msg::QHouseholdHint)}</p>
        <input type="hidden" name="members" value=n.to_string()/>
        {members}
        <button type="submit" name="action" value="add_member" class="button-secondary">{lang.t(Msg::BtnAddMember)}</button>
    }
}

pub(crate) fn step_income(w: &Wizard, lang: Lang, in_checker: bool) -> impl IntoView {
    view! {
        {heading(lang, Msg::QIncome, in_checker)}
        {text_field(w, lang, "income", Msg::QIncome, Some(Msg::QIncomeHint), "decimal")}
        {text_field(w, lang, "savings", Msg::QSavings, Some(Msg::QSavingsHint), "decimal")}
        <fieldset class="field">
            <legend>{lang.t(Msg::QProperty)}</legend>
            {check_box(&w.answers, lang, "extra_housing".into(), Msg::QExtraHousing)}
            {check_box(&w.answers, lang, "vehicle".into(), Msg::QVehicle)}
        </fieldset>
    }
}

pub(crate) fn event_label(k: EventKind) -> Msg {
    match k {
        EventKind::SeriousIllness => Msg::EvSeriousIllness,
        EventKind::Fire => Msg::EvFire,
        EventKind::TrafficAccident => Msg::EvTrafficAccident,
        EventKind::NaturalDisaster => Msg::EvNaturalDisaster,
        EventKind::OtherAccident => Msg::EvOtherAccident,
    }
}

pub(crate) fn step_spending(w: &Wizard, lang: Lang, in_checker: bool) -> impl IntoView {
    let current = w.answers.get("event").to_string();
    let error = error_for(w, "event", lang);
    let has_error = error.is_some();
    let options: Vec<_> = EventKind::ALL
        .iter()
        .map(|k| view! { <option value=k.code() selected=current == k.code()>{lang.t(event_label(*k))}</option> })
        .collect();
    view! {
        {heading(lang, Msg::QSpending, in_checker)}
        {text_field(w, lang, "medical", Msg::QMedical, None, "decimal")}
        {text_field(w, lang, "education", Msg::QEducation, None, "decimal")}
        <div class="field" class:field-error=has_error>
            <label for="event">{lang.t(Msg::QEvent)}</label>
            {error.map(|e| view! { <p class="error-message">{e}</p> })}
            <select id="event" name="event">
                <option value="none">{lang.t(Msg::EvNone)}</option>
                {options}
            </select>
        </div>
        {text_field(w, lang, "event_date", Msg::QEventDate, Some(Msg::QEventDateHint), "numeric")}
        {text_field(w, lang, "event_loss", Msg::QEventLoss, None, "decimal")}
        {check_box(&w.answers, lang, "event_casualties".into(), Msg::QCasualties)}
    }
}

fn step_pledge(w: &Wizard, lang: Lang) -> impl IntoView {
    view! {
        {heading(lang, Msg::QPledge, true)}
        <fieldset class="field">
            <legend>{lang.t(Msg::QReceiving)}</legend>
            {check_box(&w.answers, lang, "recv_dibao".into(), Msg::QRecvDibao)}
            {check_box(&w.answers, lang, "recv_tekun".into(), Msg::QRecvTekun)}
        </fieldset>
        {yes_no(w, lang, "pledge", Msg::QPledge, Some(Msg::QPledgeHint))}
    }
}

pub fn verdict_label(v: Verdict) -> Msg {
    match v {
        Verdict::Likely => Msg::VerdictLikely,
        Verdict::Possible => Msg::VerdictPossible,
        Verdict::Unlikely => Msg::VerdictUnlikely,
    }
}

pub fn programme_name(p: Programme) -> Msg {
    p.name()
}

fn amount_text(a: AmountRange, lang: Lang) -> String {
    match a.period {
        Period::Month => fill(lang.t(Msg::ResultAmountMonth), &[("amount", a.max.yuan_text())]),
        Period::Once => fill(lang.t(Msg::ResultAmountOnce), &[("min", a.min.yuan_text()), ("max", a.max.yuan_text())]),
    }
}

fn list(items: &[String]) -> impl IntoView {
    let items: Vec<_> = items.iter().map(|s| view! { <li>{s.clone()}</li> }).collect();
    view! { <ul>{items}</ul> }
}

fn option_card(o: &ProgrammeOption, lang: Lang) -> impl IntoView {
    let (badge, verdict) = match o.verdict {
        Verdict::Likely => ("badge badge-likely", Msg::VerdictLikely),
        Verdict::Possible => ("badge badge-possible", Msg::VerdictPossible),
        Verdict::Unlikely => ("badge badge-unlikely", Msg::VerdictUnlikely),
    };
    let reasons: Vec<String> = o.reasons.iter().map(|r| r.text.clone()).collect();
    let fast = o.fast_track.map(|f| lang.t(if f == FastTrack::Rongque { Msg::FastRongque } else { Msg::FastFirstAid }));
    view! {
        <li class="option" data-programme=o.programme.code() data-verdict=o.verdict.code()>
            <h3>{lang.t(programme_name(o.programme))}</h3>
            <p><span class=badge>{lang.t(verdict)}</span></p>
            {o.amount.map(|a| view! { <p class="amount">{amount_text(a, lang)}</p> })}
            {fast.map(|f| view! { <p class="fast-track">{f}</p> })}
            <details open=o.verdict != Verdict::Unlikely>
                <summary>{lang.t(Msg::ResultReasons)}</summary>
                {list(&reasons)}
                {(!o.what_would_change.is_empty()).then(|| view! {
                    <h4>{lang.t(Msg::ResultChange)}</h4>
                    {list(&o.what_would_change)}
                })}
                {(!o.next_steps.is_empty()).then(|| view! {
                    <h4>{lang.t(Msg::ResultNext)}</h4>
                    {list(&o.next_steps)}
                })}
            </details>
        </li>
    }
}

/// Answers the live panel lets the person change on the results page.
const LIVE_FIELDS: [&str; 3] = ["income", "savings", "pledge"];

fn step_result(w: &Wizard, d: &CheckPageData) -> impl IntoView {
    let lang = d.lang;
    let (result, input) = match (&w.result, crate::domain::checker::read(&w.answers, d).0) {
        (Some(result), Some(input)) => (result, input),
        _ => return view! { <p>{lang.t(Msg::ResultNotSaved)}</p> }.into_any(),
    };
    let income = w.answers.get("income").to_string();
    let savings = w.answers.get("savings").to_string();
    let list = results_list(result, lang).into_any();
    let edits: Vec<_> = Step::QUESTIONS
        .iter()
        .map(|s| {
            let label = match s {
                Step::Where => Msg::QArea,
                Step::Household => Msg::QHousehold,
                Step::Income => Msg::QIncome,
                Step::Spending => Msg::QSpending,
                _ => Msg::QPledge,
            };
            view! { <li><button type="submit" name="action" value=format!("edit_{}", s.code()) class="button-link">{lang.t(label)}</button></li> }
        })
        .collect();
    view! {
        <h2 id="step-heading" tabindex="-1">{lang.t(Msg::ResultTitle)}</h2>
        <p>{lang.t(Msg::ResultIntro)}</p>
        {view! { <LiveResult lang=lang income=income savings=savings pledge=input.will_sign_pledge>{list}</LiveResult> }.into_any()}
        <p><a class="button" id="apply-from-check" href=paths::with_query(paths::APPLY, w.answers.0.iter().map(|(k, v)| (k.as_str(), v.as_str())))>{lang.t(Msg::ResultApply)}</a></p>
        <h3>{lang.t(Msg::ResultEdit)}</h3>
        <ul class="edit-list">{edits}</ul>
        <p>
            <button type="submit" name="action" value="restart" class="button-link">{lang.t(Msg::ResultStartOver)}</button>
            " "
            {lang.t(Msg::ResultNotSaved)}
        </p>
    }
    .into_any()
}

/// The results: a note when demonstration values were used, then one card a programme. The
/// page renders them inside the live panel; `/check/results` sends them alone.
pub fn results_list(r: &CheckResult, lang: Lang) -> impl IntoView {
    let demo = r.options.iter().flat_map(|o| &o.reasons).flat_map(|x| &x.parameters).any(|p| p.demo);
    let cards: Vec<_> = r.options.iter().map(|o| option_card(o, lang)).collect();
    view! {
        {demo.then(|| view! { <p class="notice">{lang.t(Msg::ResultDemoNote)}</p> })}
        <ol class="options">{cards}</ol>
    }
}

/// The results alone as HTML, for the live panel's request.
#[cfg(feature = "ssr")]
pub fn results_html(r: &CheckResult, lang: Lang) -> String {
    results_list(r, lang).to_html()
}

/// The results, asked again of the server whenever income, savings or the pledge change. The
/// rules and parameters stay on the server: the island carries three fields, a timer and a
/// request, so the results page downloads a small bundle. Without JavaScript the same fields
/// post back with "update" and the server renders the whole page again.
// In a browser bundle only with its feature (see components::islands).
#[cfg_attr(any(feature = "ssr", feature = "island-live-result"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "island-live-result")), component)]
pub fn LiveResult(lang: Lang, income: String, savings: String, pledge: bool, children: Children) -> impl IntoView {
    crate::components::islands::rendered(crate::components::islands::Island::LiveResult);
    let income = RwSignal::new(income);
    let savings = RwSignal::new(savings);
    let stale = RwSignal::new(false);
    let parsed = move |text: String| if text.trim().is_empty() { Ok(Fen::ZERO) } else { Fen::parse_yuan(&text) };
    let root = NodeRef::<leptos::html::Div>::new();
    let results = NodeRef::<leptos::html::Div>::new();
    #[cfg(feature = "hydrate")]
    let ask = {
        let asked = StoredValue::new((0u32, None::<TimeoutHandle>));
        move || {
            if parsed(income.get_untracked()).is_err() || parsed(savings.get_untracked()).is_err() {
                return;
            }
            let (Some(root), Some(results)) = (root.get_untracked(), results.get_untracked()) else { return };
            // Typing waits for a pause; a slower earlier answer never replaces a later one.
            let n = asked.with_value(|(n, _)| n.wrapping_add(1));
            if let Some(timer) = asked.with_value(|(_, t)| *t) {
                timer.clear();
            }
            let timer = set_timeout_with_handle(
                move || {
                    leptos::task::spawn_local(async move {
                        let html = live::results(&root).await;
                        if asked.with_value(|(latest, _)| *latest) != n {
                            return;
                        }
                        match html {
                            Some(html) => {
                                results.set_inner_html(&html);
                                stale.set(false);
                            }
                            None => stale.set(true),
                        }
                    });
                },
                std::time::Duration::from_millis(LIVE_PAUSE_MS),
            )
            .ok();
            asked.set_value((n, timer));
        }
    };
    #[cfg(not(feature = "hydrate"))]
    let ask = || {};
    Effect::new(move |_| {
        if let Some(div) = root.get() {
            let _ = div.set_attribute("data-live", "true");
        }
    });
    let money_field = move |name: &'static str, label: Msg, value: RwSignal<String>| {
        let bad = move || parsed(value.get()).is_err();
        view! {
            <div class="field" class:field-error=bad>
                <label for=name>{lang.t(label)}</label>
                {move || bad().then(|| view! { <p class="error-message" id=format!("{name}-error")>{lang.t(Msg::EMoneyFormat)}</p> })}
                <input id=name name=name type="text" inputmode="decimal" autocomplete="off"
                    value=value.get_untracked()
                    aria-invalid=move || bad().then_some("true")
                    on:input=move |ev| {
                        value.set(event_target_value(&ev));
                        ask();
                    }/>
            </div>
        }
        .into_any()
    };
    view! {
        <div node_ref=root class="live">
            <div aria-live="polite" node_ref=results class:stale=move || stale.get()>{children()}</div>
            {move || stale.get().then(|| view! { <p class="notice" role="status">{lang.t(Msg::LiveStale)}</p> })}
            <section class="live-panel" aria-labelledby="live-title">
                <h3 id="live-title">{lang.t(Msg::LiveTitle)}</h3>
                <p class="hint">{lang.t(Msg::LiveHint)}</p>
                {money_field("income", Msg::QIncome, income)}
                {money_field("savings", Msg::QSavings, savings)}
                // An unticked box sends nothing: this "no" goes first and a tick's "yes" wins.
                <input type="hidden" name="pledge" value="no"/>
                <div class="check">
                    <input type="checkbox" id="pledge-live" name="pledge" value="yes" checked=pledge
                        on:change=move |_| ask()/>
                    <label for="pledge-live">{lang.t(Msg::QPledge)}</label>
                </div>
                <button type="submit" name="action" value="continue" class="button-secondary">{lang.t(Msg::LiveUpdate)}</button>
            </section>
        </div>
    }
}

/// How long typing must pause before the results are asked for again.
#[cfg(feature = "hydrate")]
const LIVE_PAUSE_MS: u64 = 300;

#[cfg(feature = "hydrate")]
mod live {
    use leptos::wasm_bindgen::{JsCast, JsValue};

    /// Posts the form around `inside` to `/check/results` as the update button would, and
    /// returns the results' HTML, or None when there is no signal or the server refused.
    pub async fn results(inside: &web_sys::HtmlDivElement) -> Option<String> {
        let form: web_sys::HtmlFormElement = inside.closest("form").ok()??.dyn_into().ok()?;
        let data = web_sys::FormData::new_with_form(&form).ok()?;
        data.append_with_str("action", "continue").ok()?;
        let body = web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data).ok()?;
        let init = web_sys::RequestInit::new();
        init.set_method("POST");
        init.set_body(&JsValue::from(body));
        init.set_credentials(web_sys::RequestCredentials::SameOrigin);
        let window = web_sys::window()?;
        let reply = wasm_bindgen_futures::JsFuture::from(window.fetch_with_str_and_init(crate::paths::CHECK_RESULTS, &init)).await.ok()?;
        let reply: web_sys::Response = reply.dyn_into().ok()?;
        if !reply.ok() {
            return None;
        }
        wasm_bindgen_futures::JsFuture::from(reply.text().ok()?).await.ok()?.as_string()
    }
}
