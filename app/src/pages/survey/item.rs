//! One question's field, with its help text.

use super::{lang, tx};
use crate::domain::questionnaire::{Answer, Item, ItemKind};
use crate::i18n::*;
use leptos::prelude::*;
use std::collections::BTreeMap;

#[component]
pub(super) fn ItemField(
    item: Item,
    answers: RwSignal<BTreeMap<String, Answer>>,
    departments: Vec<String>,
    save: impl Fn(String, Answer) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = item.id.clone();
    let help = item.help.clone();
    let help_id = format!("{id}-help");
    let has_help = help.is_some();
    let text = item.text.clone();
    let current = {
        let id = id.clone();
        move || answers.with(|a| a.get(&id).cloned())
    };
    let body = match item.kind.clone() {
        ItemKind::Scale {
            min,
            max,
            low_label,
            high_label,
            ..
        } => {
            let id2 = id.clone();
            view! {
                <div class="scale" role="radiogroup" aria-label=move || tx(i18n, &text)>
                    <span class="scale-end low" aria-hidden="true">{tx(i18n, &low_label)}</span>
                    <div class="scale-options">
                        {(min..=max)
                            .map(|v| {
                                let id3 = id2.clone();
                                let input_id = format!("{id2}-{v}");
                                let current = current.clone();
                                let label = if v == min {
                                    format!("{v} – {}", low_label.get(lang(i18n)))
                                } else if v == max {
                                    format!("{v} – {}", high_label.get(lang(i18n)))
                                } else {
                                    v.to_string()
                                };
                                view! {
                                    <span class="scale-option">
                                        <input
                                            type="radio"
                                            id=input_id.clone()
                                            name=id2.clone()
                                            value=v.to_string()
                                            prop:checked=move || matches!(current(), Some(Answer::Number(n)) if n as i64 == v)
                                            on:change=move |_| save(id3.clone(), Answer::Number(v as f64))
                                        />
                                        <label for=input_id aria-label=label>{v}</label>
                                    </span>
                                }
                            })
                            .collect_view()}
                    </div>
                    <span class="scale-end high" aria-hidden="true">{tx(i18n, &high_label)}</span>
                </div>
            }
                .into_any()
        }
        ItemKind::SingleChoice { options } => {
            let id2 = id.clone();
            view! {
                <div class="choices">
                    {options
                        .into_iter()
                        .map(|o| {
                            let input_id = format!("{id2}-{}", o.id);
                            let value = o.id.clone();
                            let value2 = o.id.clone();
                            let id3 = id2.clone();
                            let current = current.clone();
                            view! {
                                <span class="choice">
                                    <input
                                        type="radio"
                                        id=input_id.clone()
                                        name=id2.clone()
                                        value=value
                                        prop:checked=move || matches!(current(), Some(Answer::Text(t)) if t == value2)
                                        on:change=move |_| save(id3.clone(), Answer::Text(o.id.clone()))
                                    />
                                    <label for=input_id>{tx(i18n, &o.label)}</label>
                                </span>
                            }
                        })
                        .collect_view()}
                </div>
            }
                .into_any()
        }
        ItemKind::MultipleChoice { options } => {
            let id2 = id.clone();
            view! {
                <div class="choices">
                    {options
                        .into_iter()
                        .map(|o| {
                            let input_id = format!("{id2}-{}", o.id);
                            let oid = o.id.clone();
                            let oid2 = o.id.clone();
                            let id3 = id2.clone();
                            let current = current.clone();
                            let current2 = current.clone();
                            view! {
                                <span class="choice">
                                    <input
                                        type="checkbox"
                                        id=input_id.clone()
                                        prop:checked=move || matches!(current(), Some(Answer::Many(v)) if v.contains(&oid))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            let mut v = match current2() {
                                                Some(Answer::Many(v)) => v,
                                                _ => Vec::new(),
                                            };
                                            v.retain(|x| x != &oid2);
                                            if on {
                                                v.push(oid2.clone());
                                            }
                                            save(id3.clone(), Answer::Many(v));
                                        }
                                    />
                                    <label for=input_id>{tx(i18n, &o.label)}</label>
                                </span>
                            }
                        })
                        .collect_view()}
                </div>
            }
                .into_any()
        }
        ItemKind::Department => {
            let id2 = id.clone();
            let select_id = format!("{id}-select");
            view! {
                <select
                    id=select_id
                    aria-label=move || tx(i18n, &text)
                    on:change=move |ev| save(id2.clone(), Answer::Text(event_target_value(&ev)))
                >
                    <option value="">{t!(i18n, survey.choose)}</option>
                    {departments
                        .into_iter()
                        .map(|d| {
                            let d2 = d.clone();
                            let value = d.clone();
                            let current = current.clone();
                            view! {
                                <option value=value selected=move || matches!(current(), Some(Answer::Text(t)) if t == d2)>
                                    {d}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            }
                .into_any()
        }
        ItemKind::FreeText { max_length } => {
            let id2 = id.clone();
            let area_id = format!("{id}-text");
            let initial = match current() {
                Some(Answer::Text(t)) => t,
                _ => String::new(),
            };
            view! {
                <textarea
                    id=area_id
                    rows="4"
                    maxlength=max_length
                    aria-label=move || tx(i18n, &text)
                    on:change=move |ev| save(id2.clone(), Answer::Text(event_target_value(&ev)))
                >
                    {initial}
                </textarea>
            }
            .into_any()
        }
    };
    let text2 = item.text.clone();
    view! {
        <fieldset class="item" id=format!("item-{id}") aria-describedby=has_help.then(|| help_id.clone())>
            <legend>{move || tx(i18n, &text2)}</legend>
            {help.map(|h| view! { <p class="hint" id=help_id.clone()>{move || tx(i18n, &h)}</p> })}
            {body}
        </fieldset>
    }
}
