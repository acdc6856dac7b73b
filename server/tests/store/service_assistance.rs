//! The service catalogue in the store (#15): the demonstration's items and providers seeded
//! once, every level's items found for a home, and an item saved with its providers.

use server::store::{AuditEntry, ItemRow, Store};

fn audit() -> AuditEntry {
    AuditEntry { at: "2026-12-06T00:00:00Z".into(), actor: "test".into(), action: "catalogue.add".into(), subject: "service_item:t".into(), detail: String::new() }
}

pub async fn every_level_reaches_a_home_and_items_keep_their_providers(store: &Store) {
    store.seed().await.unwrap();
    store.seed().await.unwrap();
    let home: Vec<String> = ["320507", "320507100", "320507100001"].map(String::from).to_vec();
    let names: Vec<String> = store.items_for(&home, None).await.unwrap().into_iter().map(|i| i.name).collect();
    assert_eq!(names, ["水电安全检查", "特困老人上门探访", "暖心洁家", "邻里陪伴"], "seeded once, the district's first");
    let district: Vec<String> = ["320507", "320500", "320000"].map(String::from).to_vec();
    assert_eq!(store.items_for(&district, Some("320507")).await.unwrap().len(), 4, "the district sees every level under it");
    assert_eq!(store.providers_under("320507").await.unwrap().len(), 3);
    assert_eq!(store.item_providers("demo-wt-clean").await.unwrap(), ["demo-wt-clean"]);
    let item = ItemRow {
        id: "t-1".into(),
        area_code: "320507100001".into(),
        level: "community".into(),
        name: "上门理发".into(),
        category: "daily_life".into(),
        unit: "次".into(),
        times: 1,
        per: "month".into(),
        programmes: "tekun".into(),
        funding: "社区惠民资金".into(),
        checklist: "理发\n清理碎发".into(),
        active: 1,
        demo: 0,
        updated_by: None,
        updated_at: "2026-12-06T00:00:00Z".into(),
    };
    let providers = ["demo-wt-clean".to_string(), "demo-xc-sunshine".to_string()];
    assert!(store.save_item(&item, &providers, true, &audit()).await.unwrap());
    assert_eq!(store.item_providers("t-1").await.unwrap(), providers);
    assert!(store.save_item(&ItemRow { times: 2, ..item.clone() }, &providers[..1], false, &audit()).await.unwrap());
    assert_eq!((store.item("t-1").await.unwrap().unwrap().times, store.item_providers("t-1").await.unwrap().len()), (2, 1));
    assert!(!store.save_item(&ItemRow { id: "nope".into(), ..item }, &[], false, &audit()).await.unwrap(), "no such item: nothing written");
    assert_eq!(store.audit_entries_for("service_item:t").await.unwrap().len(), 2);
}
