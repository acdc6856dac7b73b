pub mod layout;
pub mod form;
pub mod time;
