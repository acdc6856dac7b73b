pub mod layout;
pub mod form;
