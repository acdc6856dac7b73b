pub mod layout;
pub mod form;
pub mod islands;
pub mod time;
