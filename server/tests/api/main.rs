mod budget;
mod headers;
mod health;
mod helpers;
mod language;
mod pages;
mod static_files;
