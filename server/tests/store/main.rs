//! The store suite, run against both backends: SQLite always; PostgreSQL when
//! `TEST_DATABASE_URL` points at a server (each test gets a database of its own, dropped
//! afterwards). With `PORTAL_REQUIRE_POSTGRES=1` a missing server fails instead of skipping.

mod administration;
mod api;
mod applications;
mod basics;
mod concurrency;
mod db;
mod flows;
mod monitoring;
mod notifications;
mod payments;
mod retention;
mod service_assistance;
mod service_plans;
mod sms;
mod staff;

/// Runs each named test, `async fn(&Store)` in the named module, once on SQLite and once on
/// PostgreSQL. A new store test is one line in its module's list.
macro_rules! on_both_backends {
    ($($module:ident: [$($name:ident),* $(,)?]),* $(,)?) => {
        mod sqlite {
            $(mod $module {
                $(
                    #[tokio::test]
                    async fn $name() {
                        let db = crate::db::TestDb::sqlite().await;
                        assert_eq!(db.store.backend(), server::store::Backend::Sqlite);
                        crate::$module::$name(&db.store).await;
                        db.finish().await;
                    }
                )*
            })*
        }
        mod postgres {
            $(mod $module {
                $(
                    #[tokio::test]
                    async fn $name() {
                        let Some(db) = crate::db::TestDb::postgres().await else { return };
                        assert_eq!(db.store.backend(), server::store::Backend::Postgres);
                        crate::$module::$name(&db.store).await;
                        db.finish().await;
                    }
                )*
            })*
        }
    };
}

on_both_backends! {
    administration: [
        a_new_value_waits_for_a_second_officer_and_its_date,
        a_decision_is_re_explained_with_the_values_of_its_day,
        a_setup_link_sets_a_password_once,
        second_factor_codes_work_once_and_in_time,
    ],
    sms: [
        two_workers_draining_one_outbox_send_each_message_once,
        failures_are_tried_again_later_and_then_given_up,
        a_code_that_stopped_working_is_not_sent,
        a_lapsed_lease_lets_another_worker_send_it,
        a_rounds_outcomes_are_recorded_together_where_the_lease_is_still_held,
        alibaba_cloud_sms_is_sent_signed_and_its_answers_are_kept,
    ],
    basics: [
        a_fresh_database_is_migrated_and_empty,
        migrations_run_again_without_harm,
        seeding_is_idempotent,
        seeding_fills_english_names_a_database_lacked_and_keeps_corrections,
        areas_are_found_with_their_source_and_vintage,
        an_area_added_is_offered_at_once,
        children_come_in_code_order,
        an_area_must_sit_under_a_known_parent,
        chinese_text_round_trips_exactly,
        ping_fails_once_closed,
        parameters_are_seeded_with_dates_and_sources,
        seeded_subdistricts_and_communities_hang_under_their_district,
        a_code_signs_a_citizen_in_once,
        wrong_codes_run_out_after_five_tries,
        codes_expire_after_ten_minutes,
        sending_is_throttled_per_phone_and_per_client,
        sessions_rotate_expire_and_end,
        a_signed_pledge_can_never_be_changed_or_deleted,
        the_pledge_needs_the_right_answer_and_a_name,
        id_numbers_are_stored_encrypted_and_shown_masked,
        a_drawn_signature_is_recorded_by_its_hash,
        real_name_details_name_every_problem,
    ],
    api: [
        one_of_twenty_concurrent_requests_claims_an_idempotency_key,
        request_counters_are_exact_under_concurrency,
        tokens_expire_and_are_revoked_one_or_all,
    ],
    applications: [
        a_session_is_read_with_its_holders_details,
        submitting_reads_the_draft_pledge_and_contact_together,
        a_request_for_information_is_answered_once,
        the_rongque_fast_track_is_recorded_only_where_the_rules_offer_it,
        drafts_and_applications_belong_to_one_citizen,
        twenty_concurrent_submissions_make_one_application,
    ],
    staff: [
        two_approvers_deciding_at_once_leave_exactly_one_decision,
        a_case_sealed_as_bare_answers_opens_as_the_same_application,
        the_queue_pages_by_index_not_by_scanning,
        inclusion_waits_for_the_public_notice_and_emergency_help_comes_first,
        the_rongque_lifecycle_ends_in_continue_stop_or_cancel_with_recovery,
        a_misrouted_case_is_transferred_with_a_reason,
        applications_go_to_the_office_where_the_person_lives,
        concurrent_actions_on_one_case_let_exactly_one_win,
        staff_sign_in_is_throttled_and_sessions_time_out,
        the_audit_log_is_append_only_and_tampering_shows_where,
    ],
    payments: [
        payments_follow_the_grant_once_per_period,
        emergency_help_is_capped_and_counts_towards_the_decision,
        a_payment_reported_missing_stays_in_the_queue_until_answered,
        the_funnel_counts_by_month_and_area,
    ],
    monitoring: [
        decisions_keep_the_register_current,
        an_import_with_a_bad_line_writes_nothing,
        batches_match_by_blind_index_once_and_warn_once,
        twenty_senders_of_one_batch_write_it_once,
        unmatched_rows_go_after_their_retention,
        a_warning_becomes_a_case_and_shows_in_the_chain,
        a_periodic_review_is_proposed_by_a_reviewer_and_confirmed_by_an_approver,
    ],
    service_assistance: [
        every_level_reaches_a_home_and_items_keep_their_providers,
    ],
    service_plans: [
        a_plan_stacks_a_town_item_and_a_community_item,
        visits_are_written_ahead_by_frequency_and_by_rule,
        twenty_retries_of_one_record_make_one_visit,
        supervision_counts_delivered_overdue_and_satisfaction,
        a_repair_is_done_with_its_pictures_and_takes_none_once_closed,
    ],
    retention: [
        a_sweep_deletes_what_is_past_its_retention_and_nothing_else,
    ],
    notifications: [
        a_message_commits_with_its_change_or_not_at_all,
        an_account_sees_only_the_messages_to_its_own_phone,
    ],
    concurrency: [
        sixty_four_writers_at_once_keep_one_chain,
        submissions_at_once_are_each_written_once_and_a_bad_one_fails_alone,
        simultaneous_code_requests_pass_a_limit_only_as_often_as_it_allows,
        simultaneous_wrong_passwords_are_checked_only_up_to_the_limit,
        simultaneous_uploads_keep_no_more_than_the_limit,
    ],
}
