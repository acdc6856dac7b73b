//! Staff accounts managed in the workbench (#17 item 1): who may manage whom, and what a
//! password must be. Pure; `services::administration::accounts` applies it.

use crate::domain::request::Problem;
use crate::domain::area::AreaCode;
use crate::domain::staff::Role;

/// A password has at least this many characters.
pub const MIN_PASSWORD_CHARS: usize = 12;

const COMMON: &str = include_str!("common_passwords.txt");

/// Why a chosen password is refused, if it is: too short, on the list of common ones,
/// built from the username, or one character repeated.
pub fn password_problem(password: &str, username: &str) -> Option<Problem> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Some(Problem::PasswordTooShort { min: MIN_PASSWORD_CHARS as i64 });
    }
    let lower = password.to_lowercase();
    let common = COMMON.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).any(|l| l == lower);
    let user = username.trim().to_lowercase();
    let from_username = user.chars().count() >= 3 && lower.contains(&user);
    let mut chars = lower.chars();
    let first = chars.next();
    let one_character = chars.all(|c| Some(c) == first);
    (common || from_username || one_character).then_some(Problem::PasswordCommon)
}

/// Whether an administrator of `admin_area` may manage an account of `area`: their own area
/// and everything under it.
pub fn may_manage(admin_area: &str, area: &str) -> bool {
    matches!((AreaCode::parse(admin_area), AreaCode::parse(area)), (Ok(a), Ok(b)) if a.contains(&b))
}

/// Whether a role may be given: every role, an administrator's own included, within the area.
pub fn may_give(admin_area: &str, _role: Role, area: &str) -> bool {
    may_manage(admin_area, area)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn short_common_and_username_passwords_are_refused() {
        assert_eq!(password_problem("short", "li.wei"), Some(Problem::PasswordTooShort { min: 12 }));
        assert_eq!(password_problem("Password1234", "li.wei"), Some(Problem::PasswordCommon));
        assert_eq!(password_problem("woaini1314520", "li.wei"), Some(Problem::PasswordCommon));
        assert_eq!(password_problem("li.wei-2026-spring", "li.wei"), Some(Problem::PasswordCommon));
        assert_eq!(password_problem("zzzzzzzzzzzzzz", "li.wei"), Some(Problem::PasswordCommon));
        assert_eq!(password_problem("秦淮河边的老槐树开花了", "li.wei"), Some(Problem::PasswordTooShort { min: 12 }));
        assert_eq!(password_problem("秦淮河边的老槐树今年开花很早", "li.wei"), None);
        assert_eq!(password_problem("demo-password-2026", "demo.reviewer"), None);
    }

    #[test]
    fn administrators_manage_their_area_and_below() {
        assert!(may_manage("320104", "320104001"));
        assert!(may_manage("320104", "320104"));
        assert!(!may_manage("320104", "320922"));
        assert!(!may_manage("320104001", "320104"));
        assert!(may_give("320000", Role::Reviewer, "320104001"));
        assert!(may_manage("320100", "320104001001") && !may_manage("320100", "320922"));
        assert!(!may_manage("320000", "330100") && !may_manage("", "320104"));
    }

    proptest! {
        #[test]
        fn any_text_is_judged_without_panic(p in "\\PC{0,40}", u in "[a-z.]{0,12}") {
            let _ = password_problem(&p, &u);
        }
    }
}
