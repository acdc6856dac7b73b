//! The application's step pages: one thing per page, a back link, the error summary on top,
//! and each answer kept when something needs correcting. Plain forms; no JavaScript needed.

use leptos::prelude::*;
use leptos_meta::Title;

use super::area_picker::{AreaPicker, PickerProps};
use crate::domain::application::documents::{DocumentItem, DOCUMENT_KINDS};
use crate::domain::application::steps::{ApplyStep, APPLY_PROGRAMMES, MAX_STORY_CHARS, PROXY_RELATIONS};
use crate::components::char_count::{char_count, count_id};
use crate::domain::application::Answers;
use crate::domain::area::AreaChoice;
use crate::domain::checker::{Step, Wizard};
use crate::components::form::{default_action, error_for, error_summary, linked_error_summary};
use crate::domain::request::FieldError;
use crate::i18n::{fill, use_lang, Lang, Msg};
use crate::pages::check::view::{check_box, step_household, step_income, step_spending, text_field, yes_no};
use crate::page_data::apply::StepPageData;
use crate::pages::check::programme_name;
use crate::paths;

pub fn document_kind_label(kind: &str) -> Msg {
    match kind {
        "identity" => Msg::DocKindIdentity,
        "event_proof" => Msg::DocKindEventProof,
        "income_proof" => Msg::DocKindIncomeProof,
        "medical" => Msg::DocKindMedical,
        _ => Msg::DocKindOther,
    }
}

pub fn step_title(step: ApplyStep) -> Msg {
    match step {
        ApplyStep::Who => Msg::AppWhoTitle,
        ApplyStep::Programme => Msg::AppProgrammeTitle,
        ApplyStep::Residence => Msg::AppResidenceTitle,
        ApplyStep::Household => Msg::AppHouseholdTitle,
        ApplyStep::Income => Msg::AppIncomeTitle,
        ApplyStep::Spending => Msg::AppSpendingTitle,
        ApplyStep::Documents => Msg::AppDocumentsTitle,
        ApplyStep::Payment => Msg::AppPaymentTitle,
        ApplyStep::Pledge => Msg::AppPledgeTitle,
        ApplyStep::Review => Msg::AppReviewTitle,
    }
}

pub(crate) fn relation_msg(code: &str) -> Msg {
    match code {
        "relative" => Msg::ProxyRelative,
        "guardian" => Msg::ProxyGuardian,
        "community_worker" => Msg::ProxyCommunityWorker,
        _ => Msg::ProxyOther,
    }
}

fn radios(d: &StepPageData, lang: Lang, name: &'static str, legend: Msg, options: Vec<(&'static str, String)>) -> AnyView {
    let error = error_for(&d.errors, name, lang);
    let has_error = error.is_some();
    let current = d.answers.get(name).to_string();
    let items: Vec<_> = options
        .into_iter()
        .enumerate()
        .map(|(i, (value, label))| {
            let id = if i == 0 { name.to_string() } else { format!("{name}-{value}") };
            view! {
                <div class="check">
                    <input type="radio" id=id.clone() name=name value=value checked=current == value/>
                    <label for=id>{label}</label>
                </div>
            }
        })
        .collect();
    view! {
        <fieldset class="field" class:field-error=has_error>
            <legend class="visually-hidden">{lang.t(legend)}</legend>
            {error.map(|e| view! { <p class="error-message">{e}</p> })}
            {items}
        </fieldset>
    }
    .into_any()
}

fn wizard_of(d: &StepPageData) -> Wizard {
    Wizard { step: Step::Household, answers: d.answers.clone(), errors: d.errors.clone(), result: None }
}

fn who(d: &StepPageData, lang: Lang) -> AnyView {
    let w = wizard_of(d);
    let me = fill(lang.t(Msg::AppWhoSelf), &[("name", d.actor_name.clone()), ("id", d.actor_id_masked.clone())]);
    let relation_error = error_for(&d.errors, "subject_relation", lang);
    let has_relation_error = relation_error.is_some();
    let consent_error = error_for(&d.errors, "proxy_consent", lang);
    let has_consent_error = consent_error.is_some();
    let current = d.answers.get("subject_relation").to_string();
    let relations: Vec<_> = PROXY_RELATIONS
        .iter()
        .map(|r| view! { <option value=*r selected=current == *r>{lang.t(relation_msg(r))}</option> })
        .collect();
    view! {
        {radios(d, lang, "for_whom", Msg::AppWhoTitle, vec![("self", me), ("other", lang.t(Msg::AppWhoOther).to_string())])}
        <div class="conditional">
            <p class="hint">{lang.t(Msg::AppWhoOtherHint)}</p>
            {text_field(&w, lang, "subject_name", Msg::AppSubjectName, None, "text")}
            {text_field(&w, lang, "subject_id", Msg::IdentityId, Some(Msg::IdentityIdHint), "text")}
            <div class="field" class:field-error=has_relation_error>
                <label for="subject_relation">{lang.t(Msg::AppSubjectRelation)}</label>
                {relation_error.map(|e| view! { <p class="error-message">{e}</p> })}
                <select id="subject_relation" name="subject_relation">
                    <option value="">{lang.t(Msg::Choose)}</option>
                    {relations}
                </select>
            </div>
            {text_field(&w, lang, "subject_phone", Msg::AppSubjectPhone, Some(Msg::AppSubjectPhoneHint), "tel")}
            <div class="field" class:field-error=has_consent_error>
                {consent_error.map(|e| view! { <p class="error-message">{e}</p> })}
                {check_box(&d.answers, lang, "proxy_consent".into(), Msg::AppProxyConsent)}
            </div>
        </div>
    }
    .into_any()
}

fn programme(d: &StepPageData, lang: Lang) -> AnyView {
    let options = APPLY_PROGRAMMES.iter().map(|p| (p.code(), lang.t(programme_name(*p)).to_string())).collect();
    view! {
        <p class="hint">{lang.t(Msg::AppProgrammeHint)}</p>
        {radios(d, lang, "programme", Msg::AppProgrammeTitle, options)}
    }
    .into_any()
}

fn residence(d: &StepPageData, lang: Lang) -> AnyView {
    let w = wizard_of(d);
    let props = PickerProps {
        lang,
        districts: d.picker.districts.clone(),
        subdistricts: d.picker.subdistricts.clone(),
        communities: d.picker.communities.clone(),
        district: d.answers.get("district").to_string(),
        subdistrict: d.answers.get("subdistrict").to_string(),
        community: d.answers.get("community").to_string(),
        errors: ["district", "subdistrict", "community"].map(|f| error_for(&d.errors, f, lang)),
    };
    view! {
        <p class="hint">{lang.t(Msg::AppResidenceHint)}</p>
        <AreaPicker props=props/>
        {text_field(&w, lang, "address", Msg::AppAddress, Some(Msg::AppAddressHint), "text")}
        {yes_no(&w, lang, "hukou_local", Msg::QHukou, None)}
        {text_field(&w, lang, "months", Msg::QMonths, Some(Msg::QMonthsHint), "numeric")}
    }
    .into_any()
}

fn spending(d: &StepPageData, lang: Lang) -> AnyView {
    let w = wizard_of(d);
    let error = error_for(&d.errors, "event_story", lang);
    let has_error = error.is_some();
    view! {
        {step_spending(&w, lang, false)}
        <div class="field" class:field-error=has_error>
            <label for="event_story">{lang.t(Msg::AppEventStory)}</label>
            <p class="hint">{lang.t(Msg::AppEventStoryHint)}</p>
            {error.map(|e| view! { <p class="error-message">{e}</p> })}
            <textarea id="event_story" name="event_story" rows="4" aria-describedby=count_id("event_story")>{d.answers.get("event_story").to_string()}</textarea>
            {char_count(lang, "event_story", MAX_STORY_CHARS)}
        </div>
    }
    .into_any()
}

fn payment(d: &StepPageData, lang: Lang) -> AnyView {
    let w = wizard_of(d);
    view! {
        <p class="hint">{lang.t(Msg::AppPaymentHint)}</p>
        {text_field(&w, lang, "pay_holder", Msg::AppPayHolder, None, "text")}
        {text_field(&w, lang, "pay_bank", Msg::AppPayBank, Some(Msg::AppPayBankHint), "text")}
        {text_field(&w, lang, "pay_account", Msg::AppPayAccount, Some(Msg::AppPayAccountHint), "numeric")}
    }
    .into_any()
}

fn pledge(d: &StepPageData, lang: Lang) -> AnyView {
    let error = error_for(&d.errors, "pledge", lang);
    let has_error = error.is_some();
    match &d.pledge_code {
        Some(code) => view! {
            <p class="notice" id="pledge">{fill(lang.t(Msg::AppPledgeDone), &[("code", code.clone())])}</p>
            <p><a href=format!("{}/{code}", paths::PLEDGE_RECEIPT)>{lang.t(Msg::ReceiptTitle)}</a></p>
        }
        .into_any(),
        None => view! {
            <div class="field" class:field-error=has_error id="pledge">
                {error.map(|e| view! { <p class="error-message">{e}</p> })}
                <p>{lang.t(Msg::AppPledgeNeeded)}</p>
                <p><a class="button" href=paths::with_next(paths::PLEDGE, &ApplyStep::Pledge.path())>{lang.t(Msg::AppPledgeSign)}</a></p>
            </div>
        }
        .into_any(),
    }
}

/// The documents; names link to the file under `view_base` when given.
pub fn documents_list(docs: &[DocumentItem], lang: Lang, delete_from: Option<&str>, view_base: Option<&str>) -> AnyView {
    if docs.is_empty() {
        return view! { <p class="hint" id="documents-empty">{lang.t(Msg::AppNoDocuments)}</p> }.into_any();
    }
    let items: Vec<_> = docs
        .iter()
        .map(|doc| {
            let remove = delete_from.map(|_| {
                view! {
                    <form method="post" action=format!("{}/{}/delete", paths::APPLY_DOCUMENTS, doc.id) class="inline-form">
                        <button type="submit" class="button-link">{lang.t(Msg::AppRemoveDocument)}</button>
                    </form>
                }
            });
            view! {
                <li>
                    <strong>{lang.t(document_kind_label(&doc.kind))}</strong>
                    " · " {match view_base {
                        Some(base) => view! { <a href=format!("{base}/{}", doc.id)>{doc.name.clone()}</a> }.into_any(),
                        None => view! { <span>{doc.name.clone()}</span> }.into_any(),
                    }} " · " {format!("{} KB", doc.size_kb)}
                    {remove}
                </li>
            }
        })
        .collect();
    view! { <ul class="document-list" id="document-list">{items}</ul> }.into_any()
}

/// File input and kind, posted as multipart to `action`; also used to answer a 补正.
pub fn upload_fields(lang: Lang, errors: &[FieldError], chosen_kind: &str) -> AnyView {
    let error = error_for(errors, "document", lang);
    let has_error = error.is_some();
    let kinds: Vec<_> = DOCUMENT_KINDS.iter().map(|k| view! { <option value=*k selected=chosen_kind == *k>{lang.t(document_kind_label(k))}</option> }).collect();
    view! {
        <div class="field">
            <label for="kind">{lang.t(Msg::AppDocumentKind)}</label>
            <select id="kind" name="kind">{kinds}</select>
        </div>
        <div class="field" class:field-error=has_error>
            <label for="document">{lang.t(Msg::AppDocumentFile)}</label>
            <p class="hint">{lang.t(Msg::AppDocumentHint)}</p>
            {error.map(|e| view! { <p class="error-message">{e}</p> })}
            <input type="file" id="document" name="document" accept="image/jpeg,image/png,image/webp,application/pdf"/>
        </div>
    }
    .into_any()
}

fn documents(d: &StepPageData, lang: Lang) -> AnyView {
    view! {
        <p class="hint">{lang.t(Msg::AppDocumentsHint)}</p>
        {documents_list(&d.documents, lang, Some(paths::APPLY_DOCUMENTS), None)}
        <form method="post" action=paths::APPLY_DOCUMENTS enctype="multipart/form-data" class="upload">
            <h2>{lang.t(Msg::AppAddDocument)}</h2>
            {upload_fields(lang, &d.errors, &d.upload_kind)}
            <button type="submit" class="button-secondary">{lang.t(Msg::AppUpload)}</button>
        </form>
    }
    .into_any()
}

fn area_name(list: &[AreaChoice], code: &str, lang: Lang) -> String {
    list.iter().find(|a| a.code == code).map(|a| a.name(lang).to_string()).unwrap_or_default()
}

fn yes_no_text(a: &Answers, key: &str, lang: Lang) -> String {
    match a.get(key) {
        "yes" | "true" => lang.t(Msg::Yes).to_string(),
        _ => lang.t(Msg::No).to_string(),
    }
}

fn yuan(a: &Answers, key: &str, lang: Lang) -> String {
    // As typed where it does not parse (the step itself names the problem); grouped otherwise.
    let v = a.get(key);
    let amount = match crate::domain::money::Fen::parse_yuan(v) {
        Ok(fen) => fen.yuan_text(),
        Err(_) if v.is_empty() => "0".into(),
        Err(_) => v.to_string(),
    };
    fill(lang.t(Msg::AppYuan), &[("amount", amount)])
}

/// (step, label, value) rows of the check-your-answers page, masked where sensitive.
fn review_rows(d: &StepPageData, lang: Lang) -> Vec<(ApplyStep, String, String)> {
    let a = &d.answers;
    let t = |m: Msg| lang.t(m).to_string();
    let mut rows = Vec::new();
    let who = match a.get("for_whom") {
        "other" => {
            let mut who = fill(
                lang.t(Msg::AppReviewProxy),
                &[
                    ("name", a.get("subject_name").to_string()),
                    ("relation", t(relation_msg(a.get("subject_relation")))),
                    ("id", crate::domain::identity::IdNumber::parse(a.get("subject_id")).map(|i| i.masked()).unwrap_or_default()),
                ],
            );
            if let Ok(phone) = crate::domain::identity::Phone::parse(a.get("subject_phone").trim()) {
                who.push_str(&fill(lang.t(Msg::AppReviewSubjectPhone), &[("phone", phone.masked())]));
            }
            who
        }
        _ => fill(lang.t(Msg::AppWhoSelf), &[("name", d.actor_name.clone()), ("id", d.actor_id_masked.clone())]),
    };
    rows.push((ApplyStep::Who, t(Msg::AppReviewWho), who));
    let programme = crate::domain::programme::Programme::from_code(a.get("programme")).map(|p| t(programme_name(p))).unwrap_or_default();
    rows.push((ApplyStep::Programme, t(Msg::AppProgrammeTitle), programme));
    let place = [
        area_name(&d.picker.districts, a.get("district"), lang),
        area_name(&d.picker.subdistricts, a.get("subdistrict"), lang),
        area_name(&d.picker.communities, a.get("community"), lang),
        a.get("address").to_string(),
    ]
    .join(" ");
    rows.push((ApplyStep::Residence, t(Msg::AppResidenceTitle), place));
    rows.push((ApplyStep::Residence, t(Msg::QHukou), yes_no_text(a, "hukou_local", lang)));
    let members: Vec<String> = (0..a.members())
        .map(|i| {
            let name = if i == 0 { t(Msg::MemberSelf) } else { a.get(&format!("m{i}_name")).to_string() };
            fill(lang.t(Msg::AppReviewMember), &[("name", name), ("age", a.get(&format!("m{i}_age")).to_string())])
        })
        .collect();
    rows.push((ApplyStep::Household, t(Msg::AppHouseholdTitle), members.join("；")));
    rows.push((ApplyStep::Income, t(Msg::QIncome), yuan(a, "income", lang)));
    rows.push((ApplyStep::Income, t(Msg::QSavings), yuan(a, "savings", lang)));
    rows.push((ApplyStep::Spending, t(Msg::QMedical), yuan(a, "medical", lang)));
    rows.push((ApplyStep::Spending, t(Msg::QEducation), yuan(a, "education", lang)));
    let event = match a.get("event") {
        "" | "none" => t(Msg::EvNone),
        code => crate::domain::programme::EventKind::from_code(code)
            .map(|k| format!("{} {} {}", t(crate::pages::check::view::event_label(k)), a.get("event_date"), yuan(a, "event_loss", lang)))
            .unwrap_or_default(),
    };
    rows.push((ApplyStep::Spending, t(Msg::QEvent), event));
    if !a.get("event_story").is_empty() {
        rows.push((ApplyStep::Spending, t(Msg::AppEventStory), a.get("event_story").to_string()));
    }
    let docs = fill(lang.t(Msg::AppReviewDocuments), &[("n", d.documents.len().to_string())]);
    rows.push((ApplyStep::Documents, t(Msg::AppDocumentsTitle), docs));
    let account = crate::domain::bank::BankAccount::parse(a.get("pay_account")).map(|b| b.masked()).unwrap_or_default();
    rows.push((ApplyStep::Payment, t(Msg::AppPaymentTitle), format!("{} {} {}", a.get("pay_holder"), a.get("pay_bank"), account)));
    rows.push((ApplyStep::Pledge, t(Msg::AppPledgeTitle), pledge_text(d.pledge_code.as_deref(), d.pledge_signed_at.as_deref(), lang)));
    rows
}

/// A signed pledge as a person reads it: "已签署（2026年12月2日）", not its code.
pub(crate) fn pledge_text(code: Option<&str>, signed_at: Option<&str>, lang: Lang) -> String {
    match (code.filter(|c| !c.is_empty()), signed_at.and_then(|at| crate::domain::instant::Instant::parse(at).ok())) {
        (Some(_), Some(at)) => fill(lang.t(Msg::AppPledgeSigned), &[("date", lang.date(at.beijing().date))]),
        (Some(code), None) => code.to_string(),
        (None, _) => lang.t(Msg::AppPledgeNotSigned).to_string(),
    }
}

fn review(d: &StepPageData, lang: Lang) -> AnyView {
    let rows: Vec<_> = review_rows(d, lang)
        .into_iter()
        .map(|(step, label, value)| {
            let href = format!("{}?from=review", step.path());
            view! {
                <div>
                    <dt>{label.clone()}</dt>
                    <dd>{value}</dd>
                    <dd class="change"><a href=href>{lang.t(Msg::AppChange)}<span class="visually-hidden">" " {label}</span></a></dd>
                </div>
            }
        })
        .collect();
    let r = d.review.clone().unwrap_or_default();
    let verdict = r.verdict.map(|v| {
        let reasons: Vec<_> = r.reasons.iter().map(|x| view! { <li>{x.clone()}</li> }).collect();
        view! {
            <section class="help" id="assessment">
                <h2>{lang.t(Msg::AppAssessment)}</h2>
                <p><strong>{lang.t(crate::pages::check::view::verdict_label(v))}</strong></p>
                <ul>{reasons}</ul>
                <p class="hint">{lang.t(Msg::AppAssessmentHint)}</p>
            </section>
        }
    });
    let office = (!r.office_name.is_empty()).then(|| view! { <p id="office">{fill(lang.t(Msg::AppReviewOffice), &[("office", r.office_name.clone())])}</p> });
    view! {
        <dl class="summary-list">{rows}</dl>
        {verdict}
        {office}
        <form method="post" action=paths::APPLY_SUBMIT novalidate>
            <input type="hidden" name="draft_id" value=d.draft_id.clone()/>
            {r.fast_track_offered.then(|| view! {
                <fieldset class="field">
                    <legend>{lang.t(Msg::AppFastTrackTitle)}</legend>
                    <p class="hint">{lang.t(Msg::AppFastTrackHint)}</p>
                    {check_box(&d.answers, lang, "fast_track".into(), Msg::AppFastTrack)}
                </fieldset>
            })}
            <p>{lang.t(Msg::AppDeclaration)}</p>
            <button type="submit" class="button" id="submit-application">{lang.t(Msg::AppSubmit)}</button>
        </form>
    }
    .into_any()
}

#[component]
pub fn ApplyStepPage() -> impl IntoView {
    let lang = use_lang();
    let Some(d) = use_context::<StepPageData>() else {
        return view! { <Title text=lang.t(Msg::ApplyTitle)/><h1>{lang.t(Msg::ApplyTitle)}</h1> }.into_any();
    };
    let step = d.step;
    let back = if d.from_review {
        ApplyStep::Review.path()
    } else {
        step.prev().map(ApplyStep::path).unwrap_or_else(|| paths::APPLY.to_string())
    };
    let progress = fill(lang.t(Msg::CheckStep), &[("n", step.number().to_string()), ("total", ApplyStep::ALL.len().to_string())]);
    let body = match step {
        ApplyStep::Who => who(&d, lang),
        ApplyStep::Programme => programme(&d, lang),
        ApplyStep::Residence => residence(&d, lang),
        ApplyStep::Household => step_household(&wizard_of(&d), lang, true).into_any(),
        ApplyStep::Income => step_income(&wizard_of(&d), lang, false).into_any(),
        ApplyStep::Spending => spending(&d, lang),
        ApplyStep::Documents | ApplyStep::Pledge | ApplyStep::Review => ().into_any(),
        ApplyStep::Payment => payment(&d, lang),
    };
    // Documents and the pledge have their own forms; this one only moves on.
    let outside = match step {
        ApplyStep::Documents => Some(documents(&d, lang)),
        ApplyStep::Pledge => Some(pledge(&d, lang)),
        ApplyStep::Review => Some(review(&d, lang)),
        _ => None,
    };
    let main_form = (step != ApplyStep::Review).then(|| {
        view! {
            <form method="post" action=step.path() novalidate id="step-form">
                {default_action(lang.t(Msg::AppSaveContinue), "action", "continue")}
                {d.from_review.then(|| view! { <input type="hidden" name="from" value="review"/> })}
                {body}
                <div class="actions">
                    <button type="submit" name="action" value="continue" class="button">{lang.t(Msg::AppSaveContinue)}</button>
                </div>
            </form>
        }
    });
    // On the review page each problem belongs to another step: link to that step's page.
    let summary = if step == ApplyStep::Review {
        let items = d
            .errors
            .iter()
            .filter_map(|e| ApplyStep::from_code(&e.field).map(|s| (format!("{}?from=review", s.path()), fill(lang.t(Msg::AppReviewMissing), &[("step", lang.t(step_title(s)).to_string()), ("problem", e.problem.text(lang))]))))
            .collect();
        linked_error_summary(items, lang)
    } else {
        error_summary(&d.errors, lang)
    };
    view! {
        <Title text=lang.t(step_title(step))/>
        <a class="back-link" href=back>{lang.t(Msg::BtnBack)}</a>
        <p class="step-count">{progress}</p>
        {summary}
        <h1 id="step-heading">{lang.t(step_title(step))}</h1>
        {outside}
        {main_form}
        <p class="hint saved-note">{lang.t(Msg::AppSavedNote)}</p>
    }
    .into_any()
}
