//! The store suite, run against both backends: SQLite always; PostgreSQL when
//! `TEST_DATABASE_URL` points at a server (each test gets a database of its own, dropped
//! afterwards). With `PORTAL_REQUIRE_POSTGRES=1` a missing server fails instead of skipping.

mod db;

use server::store::{AreaRow, Backend, Store};

macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    let db = crate::db::TestDb::sqlite().await;
                    assert_eq!(db.store.backend(), server::store::Backend::Sqlite);
                    super::$name(&db.store).await;
                    db.finish().await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    let Some(db) = crate::db::TestDb::postgres().await else { return };
                    assert_eq!(db.store.backend(), server::store::Backend::Postgres);
                    super::$name(&db.store).await;
                    db.finish().await;
                }
            )*
        }
    };
}

on_both_backends!(
    a_fresh_database_is_migrated_and_empty,
    migrations_run_again_without_harm,
    seeding_is_idempotent,
    areas_are_found_with_their_source_and_vintage,
    children_come_in_code_order,
    an_area_must_sit_under_a_known_parent,
    chinese_text_round_trips_exactly,
    ping_fails_once_closed,
    parameters_are_seeded_with_dates_and_sources,
    seeded_subdistricts_and_communities_hang_under_their_district,
);

async fn parameters_are_seeded_with_dates_and_sources(store: &Store) {
    let report = store.seed().await.unwrap();
    assert!(report.parameters_added >= 18);
    let params = store.parameters().await.unwrap();
    assert_eq!(params.len(), report.parameters_added);
    let set = app::domain::params::ParameterSet::new(params).unwrap();
    let on = app::domain::date::Date::parse("2026-11-29").unwrap();
    let qinhuai = app::domain::area::AreaCode::parse("320104003").unwrap();
    let standard = set.lookup(app::domain::params::ParamName::DibaoStandardMonthlyFen, &qinhuai, on).unwrap();
    assert_eq!((standard.value, standard.area.as_str(), standard.demo), (111_000, "320100", true));
    assert_eq!(standard.effective_from.to_string(), "2026-07-01");
    let max = set.lookup(app::domain::params::ParamName::TemporaryMaxMultiple, &qinhuai, on).unwrap();
    assert!(!max.demo && max.source.contains("秦淮区"));
    assert_eq!(store.seed().await.unwrap().parameters_added, 0, "seeding twice adds nothing");
}

async fn seeded_subdistricts_and_communities_hang_under_their_district(store: &Store) {
    store.seed().await.unwrap();
    let qinhuai: Vec<String> = store.area_children("320104").await.unwrap().into_iter().map(|a| a.name_zh).collect();
    assert!(qinhuai.contains(&"红花街道".to_string()), "{qinhuai:?}");
    assert!(qinhuai.len() >= 12);
    let binhai = store.area_children("320922").await.unwrap();
    assert!(binhai.iter().any(|a| a.name_zh == "东坎街道"));
    let wangting = store.area_children("320507100").await.unwrap();
    assert!(wangting.iter().any(|a| a.name_zh == "项路村委会" && a.level == 5));
}

async fn a_fresh_database_is_migrated_and_empty(store: &Store) {
    store.ping().await.unwrap();
    assert_eq!(store.area_count().await.unwrap(), 0);
    assert_eq!(store.area("320104").await.unwrap(), None);
}

async fn migrations_run_again_without_harm(store: &Store) {
    store.migrate().await.unwrap();
    store.migrate().await.unwrap();
    assert_eq!(store.area_count().await.unwrap(), 0);
}

async fn seeding_is_idempotent(store: &Store) {
    let first = store.seed().await.unwrap();
    assert!(first.areas_added >= 7, "{first:?}");
    let count = store.area_count().await.unwrap();
    assert_eq!(count, first.areas_added as i64);
    let second = store.seed().await.unwrap();
    assert_eq!(second.areas_added, 0);
    assert_eq!(store.area_count().await.unwrap(), count);
}

async fn areas_are_found_with_their_source_and_vintage(store: &Store) {
    store.seed().await.unwrap();
    let qinhuai = store.area("320104").await.unwrap().expect("秦淮区 seeded");
    assert_eq!(qinhuai.name_zh, "秦淮区");
    assert_eq!(qinhuai.parent_code.as_deref(), Some("320100"));
    assert_eq!(qinhuai.level, 3);
    assert!(qinhuai.source.contains("GB/T 2260"));
    assert!(!qinhuai.vintage.is_empty());
    for (code, name) in [("320922", "滨海县"), ("320507", "相城区")] {
        assert_eq!(store.area(code).await.unwrap().map(|a| a.name_zh), Some(name.to_string()));
    }
}

async fn children_come_in_code_order(store: &Store) {
    store.seed().await.unwrap();
    let cities: Vec<String> = store.area_children("320000").await.unwrap().into_iter().map(|a| a.code).collect();
    assert_eq!(cities, ["320100", "320500", "320900"]);
    assert!(store.area_children("320104999").await.unwrap().is_empty());
}

async fn an_area_must_sit_under_a_known_parent(store: &Store) {
    let orphan = AreaRow {
        code: "990101".into(),
        parent_code: Some("990100".into()),
        level: 3,
        name_zh: "无".into(),
        name_en: None,
        source: "test".into(),
        vintage: "test".into(),
    };
    assert!(store.insert_area(&orphan).await.is_err(), "foreign key enforced");
    assert_eq!(store.area_count().await.unwrap(), 0);
}

async fn chinese_text_round_trips_exactly(store: &Store) {
    let row = AreaRow {
        code: "990000".into(),
        parent_code: None,
        level: 1,
        name_zh: "测试省（含全角标点、生僻字𠮷）".into(),
        name_en: Some("Test".into()),
        source: "单元测试".into(),
        vintage: "2026".into(),
    };
    assert!(store.insert_area(&row).await.unwrap());
    assert!(!store.insert_area(&row).await.unwrap(), "a duplicate code is not added twice");
    assert_eq!(store.area("990000").await.unwrap(), Some(row));
}

async fn ping_fails_once_closed(store: &Store) {
    store.ping().await.unwrap();
    store.close().await;
    assert!(store.ping().await.is_err());
}

#[test]
fn both_backends_are_named() {
    assert_ne!(Backend::Sqlite, Backend::Postgres);
}
