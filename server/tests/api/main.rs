mod budget;
mod eligibility;
mod headers;
mod health;
mod helpers;
mod language;
mod pages;
mod static_files;
