use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

use crate::components::layout::Layout;
use crate::i18n::{use_lang, Msg};
use crate::pages::apply::{form::ApplyStepPage, status::{ConfirmationPage, StatusListPage, StatusPage}};
use crate::pages::staff::{AssessmentPage, CataloguePage, ItemPage, PlanPage, ProviderPage, ProvidersPage, ReferralPage, ReferralsPage, SupervisionPage, VisitPage, VisitsPage, FeedUploadPage, HouseholdPage, RegisterPage, ReviewPage, WarningPage, WarningsPage, AccountPage, AccountsPage, CasePage, DistrictPage, NewCasePage, OfficePage, OfficesPage, ParameterHistoryPage, ParametersPage, PledgeTextPage, PledgeTextsPage, QueuePage, SecondFactorPage, SetupPage};
use crate::pages::{apply::{ApplyPage, DraftDeletePage}, check::CheckPage, personal_data::PersonalDataPage, home::HomePage, identity::IdentityPage, not_found::NotFound, pledge::{PledgePage, ReceiptPage}, sign_in::SignInPage, verify::VerifyPage};

/// The whole portal. Every route renders completely on the server (`SsrMode::Async`), so each
/// page is usable before, or without, the WASM bundle.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let lang = use_lang();
    view! {
        <Title formatter=move |page: String| format!("{page} - {}", lang.t(Msg::AppName))/>
        <Router>
            <Layout>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/check") view=CheckPage ssr=SsrMode::Async/>
                    <Route path=path!("/apply") view=ApplyPage ssr=SsrMode::Async/>
                    <Route path=path!("/apply/draft/delete") view=DraftDeletePage ssr=SsrMode::Async/>
                    <Route path=path!("/account/data") view=PersonalDataPage ssr=SsrMode::Async/>
                    <Route path=path!("/apply/step/:step") view=ApplyStepPage ssr=SsrMode::Async/>
                    <Route path=path!("/apply/done/:reference") view=ConfirmationPage ssr=SsrMode::Async/>
                    <Route path=path!("/status") view=StatusListPage ssr=SsrMode::Async/>
                    <Route path=path!("/status/services") view=crate::pages::my_services::MyServicesPage ssr=SsrMode::Async/>
                    <Route path=path!("/status/:reference") view=StatusPage ssr=SsrMode::Async/>
                    <Route path=path!("/signin") view=SignInPage ssr=SsrMode::Async/>
                    <Route path=path!("/pledge") view=PledgePage ssr=SsrMode::Async/>
                    <Route path=path!("/account/identity") view=IdentityPage ssr=SsrMode::Async/>
                    <Route path=path!("/pledge/receipt/:code") view=ReceiptPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff") view=QueuePage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/cases/:reference") view=CasePage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/cases/:reference/needs") view=AssessmentPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/district") view=DistrictPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/new") view=NewCasePage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/parameters") view=ParametersPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/accounts") view=AccountsPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/offices") view=OfficesPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/pledge-texts") view=PledgeTextsPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/pledge-texts/:id") view=PledgeTextPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/offices/:code") view=OfficePage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/monitoring") view=WarningsPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/monitoring/warnings/:id") view=WarningPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/monitoring/register") view=RegisterPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/monitoring/feeds") view=FeedUploadPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/monitoring/people/:id") view=HouseholdPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/monitoring/reviews/:id") view=ReviewPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/services/catalogue") view=CataloguePage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/services/assessments/:id") view=AssessmentPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/services/catalogue/:id") view=ItemPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/services/providers") view=ProvidersPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/services/providers/:id") view=ProviderPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/services/plans/:id") view=PlanPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/services/supervision") view=SupervisionPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/services/referrals") view=ReferralsPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/services/referrals/:id") view=ReferralPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/visits") view=VisitsPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/visits/:id") view=VisitPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/accounts/:id") view=AccountPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/setup/:token") view=SetupPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/2fa") view=SecondFactorPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/2fa/setup") view=SecondFactorPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/parameters/history/:name") view=ParameterHistoryPage ssr=SsrMode::Async/>
                    <Route path=path!("/verify") view=VerifyPage ssr=SsrMode::Async/>
                    <Route path=path!("/verify/:code") view=VerifyPage ssr=SsrMode::Async/>
                </Routes>
            </Layout>
        </Router>
    }
}
