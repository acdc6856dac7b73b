pub mod check;
pub mod coming_soon;
pub mod home;
pub mod identity;
pub mod not_found;
pub mod pledge;
pub mod sign_in;
pub mod signature_pad;
