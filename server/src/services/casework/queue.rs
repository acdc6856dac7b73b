//! The queue of an office (or a district): cases in the staff member's area, filtered and
//! paged by keyset.

use app::domain::case::CaseStatus;
use app::domain::staff::{may, Action};
use app::error::AppError;
use app::page_data::staff::{QueueClock, QueueData, QueueItem, QueueQuery, ALL_STATUSES};

use crate::services::staff::Staff;
use crate::services::today_in_china;
use crate::store::{QueueFilter, Store};

pub const PAGE_SIZE: i64 = 25;

pub async fn queue(store: &Store, staff: &Staff, q: &QueueQuery) -> Result<QueueData, AppError> {
    // A role without cases (an administrator) gets the page without a queue: its links.
    if !may(staff.role, &staff.area_code, Action::ViewCase, None) {
        return Ok(QueueData { staff_name: staff.full_name.clone(), role: staff.role, query: q.clone(), items: Vec::new(), next: None });
    }
    let today = today_in_china().to_string();
    // No status picked: the cases still in progress; "all" takes the done ones too.
    let status = q.status.clone().filter(|s| !s.is_empty());
    let in_progress = match status {
        None => CaseStatus::ALL.into_iter().filter(|s| s.in_progress()).map(|s| s.code().to_string()).collect(),
        Some(_) => Vec::new(),
    };
    let filter = QueueFilter {
        area_prefix: staff.area_code.clone(),
        by_office: app::domain::staff::queue_by_office(staff.role),
        status: status.filter(|s| s != ALL_STATUSES),
        in_progress,
        programme: q.programme.clone().filter(|s| !s.is_empty()),
        assigned_to: q.mine.then(|| staff.id.clone()),
        overdue_before: q.overdue.then(|| today.clone()),
        // Due within a week, or overdue: the checks to chase now.
        follow_up_by: q.follow_up.then(|| today_in_china().plus_days(7).to_string()),
        arrival_problem: q.arrival,
        after: q.after.as_deref().and_then(|a| a.split_once('~')).map(|(t, i)| (t.to_string(), i.to_string())),
    };
    // One more than a page tells whether there is a next one.
    let mut rows = store.queue(&filter, PAGE_SIZE + 1).await?;
    let more = rows.len() as i64 > PAGE_SIZE;
    rows.truncate(PAGE_SIZE as usize);
    let next = if more { rows.last().map(|r| format!("{}~{}", r.row.submitted_at, r.row.id)) } else { None };
    let today = today_in_china();
    let items = rows
        .into_iter()
        .map(|line| {
            let clock = QueueClock::stored(line.clock.as_deref(), line.due_on.as_deref(), today);
            let arrival_problem = line.arrival_problem.is_some();
            let r = line.row;
            QueueItem {
                reference: r.reference,
                programme: r.programme,
                status: r.status,
                subject_name: r.subject_name,
                submitted_at: r.submitted_at,
                clock,
                fast_track: r.fast_track,
                arrival_problem,
            }
        })
        .collect();
    Ok(QueueData { staff_name: staff.full_name.clone(), role: staff.role, query: q.clone(), items, next })
}
