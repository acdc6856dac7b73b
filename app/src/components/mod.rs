pub mod layout;
pub mod char_count;
pub mod form;
pub mod islands;
pub mod time;
