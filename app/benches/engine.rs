//! One evaluation of the policy engine (goal: under 50 µs natively). `make bench` runs it.

use app::domain::date::Date;
use app::domain::engine::evaluate;
use app::domain::params::{parse_parameter_csv, ParameterSet};
use app::domain::request::parse_check_json;
use app::i18n::Lang;
use criterion::{black_box, criterion_group, criterion_main, Criterion};

fn engine(c: &mut Criterion) {
    let params = ParameterSet::new(parse_parameter_csv(include_str!("../../server/data/parameters.csv")).unwrap()).unwrap();
    // The contract's example: 曹维勤's household of new citizens in 秦淮区.
    let body = serde_json::json!({
        "as_of": "2026-11-29", "area_code": "320104003", "hukou_local": false, "months_at_residence": 48,
        "members": [
            {"relation": "self", "age": 63, "able_to_work": true, "monthly_income_fen": 200000},
            {"relation": "spouse", "age": 61, "able_to_work": true, "monthly_income_fen": 150000},
            {"relation": "grandchild", "age": 9, "serious_illness": true, "monthly_income_fen": 0}
        ],
        "avg_monthly_income_6m_fen": 350000,
        "assets": {"savings_fen": 500000},
        "rigid_expenses_12m_fen": {"medical": 34000000, "education": 0},
        "sudden_event": {"kind": "serious_illness", "date": "2026-02-20", "loss_fen": 34000000, "casualties": false},
        "receiving_at_hukou": ["dibao"],
        "will_sign_pledge": true
    });
    let input = parse_check_json(&body, Date::parse("2026-11-29").unwrap()).unwrap();
    c.bench_function("evaluate one household (zh-CN)", |b| {
        b.iter(|| evaluate(black_box(&input), black_box(&params), Lang::ZhCn).unwrap())
    });
    c.bench_function("parse request + evaluate (en)", |b| {
        b.iter(|| {
            let input = parse_check_json(black_box(&body), Date::parse("2026-11-29").unwrap()).unwrap();
            evaluate(&input, &params, Lang::En).unwrap()
        })
    });
}

criterion_group!(benches, engine);
criterion_main!(benches);
