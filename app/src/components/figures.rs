//! Figures as the results and collaboration pages show them: number formats,
//! dimension and strategy labels, the strategy spider, the pair of trend
//! charts over years and the strategy columns of data tables.

use crate::benchmark::TargetView;
use crate::charts::{ChartSpec, Series};
use crate::components::chart::{ChartFigure, SpiderChart};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_i18n::I18nContext;

/// The six strategies, in display order.
pub use crate::scoring::score::STRATEGIES;

/// A figure with one decimal: "7.5".
pub fn f1(v: f64) -> String {
    format!("{v:.1}")
}

/// The value as text, or "–" where there is none.
pub fn or_dash<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_else(|| "–".into())
}

/// A dimension in the reader's language: the index, DI, TMI or a strategy
/// ("S3 Flexible system architecture"); an unknown code as it is.
pub fn dim_label(i18n: I18nContext<Locale>, d: &str) -> String {
    match d {
        "INDEX" => t_string!(i18n, dash.index).to_string(),
        "DI" => t_string!(i18n, dash.di).to_string(),
        "TMI" => t_string!(i18n, dash.tmi).to_string(),
        "S1" => format!("S1 {}", t_string!(i18n, strategy.s1)),
        "S2" => format!("S2 {}", t_string!(i18n, strategy.s2)),
        "S3" => format!("S3 {}", t_string!(i18n, strategy.s3)),
        "S4" => format!("S4 {}", t_string!(i18n, strategy.s4)),
        "S5" => format!("S5 {}", t_string!(i18n, strategy.s5)),
        "S6" => format!("S6 {}", t_string!(i18n, strategy.s6)),
        other => other.to_string(),
    }
}

/// "S3 Flexible system architecture" in the reader's language.
pub fn strategy_label(i18n: I18nContext<Locale>, s: &str) -> String {
    dim_label(i18n, s)
}

/// One value per strategy, 0 where `value` has none (a spider needs a value
/// on every axis).
pub fn per_strategy(value: impl Fn(&str) -> Option<f64>) -> Vec<f64> {
    STRATEGIES.iter().map(|s| value(s).unwrap_or(0.0)).collect()
}

/// The target level per strategy (0 where one has none), or `None` when
/// there are no targets at all.
pub fn target_levels(targets: &[TargetView]) -> Option<Vec<f64>> {
    (!targets.is_empty())
        .then(|| per_strategy(|s| targets.iter().find(|t| t.strategy == s).map(|t| t.level)))
}

/// A spider's series `name` over `values`, when there are values.
pub fn series(name: String, values: Option<&Vec<f64>>) -> Option<Series> {
    values.map(|v| Series {
        name,
        values: v.clone(),
    })
}

/// The spider chart of the six strategies, one polygon per series, with its
/// data table (a row per strategy, a column per series). `id` must be unique
/// on the page.
#[component]
pub fn StrategySpider(
    id: &'static str,
    #[prop(into)] caption: Signal<String>,
    #[prop(into)] series: Signal<Vec<Series>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let axes = Signal::derive(move || {
        STRATEGIES
            .iter()
            .map(|s| strategy_label(i18n, s))
            .collect::<Vec<_>>()
    });
    let labels = Signal::derive(|| STRATEGIES.iter().map(|s| s.to_string()).collect::<Vec<_>>());
    view! {
        <SpiderChart
            id=id
            caption=caption
            axis_header=Signal::derive(move || t_string!(i18n, home.col_strategy).to_string())
            axes=axes
            series=series
            labels=labels
        />
    }
}

/// Two line charts over `years` side by side: the index (0–100, one line
/// named `index_name`) and the strategies (1–10). The first chart carries
/// the data table of both (`children`); the second's data block repeats the
/// first's caption, which points to it.
#[component]
pub fn TrendCharts(
    index_id: &'static str,
    strategies_id: &'static str,
    #[prop(into)] index_caption: Signal<String>,
    #[prop(into)] strategies_caption: Signal<String>,
    #[prop(into)] index_name: Signal<String>,
    years: Vec<String>,
    index: Vec<Option<f64>>,
    strategies: Vec<(String, Vec<Option<f64>>)>,
    children: Children,
) -> impl IntoView {
    let index_years = years.clone();
    let index_spec = Signal::derive(move || ChartSpec::Lines {
        x: index_years.clone(),
        series: vec![(index_name.get(), index.clone())],
        y_max: 100.0,
    });
    let strategies_spec = Signal::derive(move || ChartSpec::Lines {
        x: years.clone(),
        series: strategies.clone(),
        y_max: 10.0,
    });
    view! {
        <div class="chart-pair">
            <ChartFigure id=index_id caption=index_caption spec=index_spec height=280>
                {children()}
            </ChartFigure>
            <ChartFigure id=strategies_id caption=strategies_caption spec=strategies_spec height=280>
                <p>{move || index_caption.get()}</p>
            </ChartFigure>
        </div>
    }
}

/// The column headers "S1" … "S6" of a table with a column per strategy.
#[component]
pub fn StrategyHeaders() -> impl IntoView {
    STRATEGIES
        .iter()
        .map(|s| view! { <th scope="col">{*s}</th> })
        .collect_view()
}

/// The column headers of the index and the strategies: "Maturity index",
/// "S1" … "S6".
#[component]
pub fn IndexStrategyHeaders() -> impl IntoView {
    let i18n = use_i18n();
    std::iter::once(view! { <th scope="col">{t!(i18n, dash.index)}</th> }.into_any())
        .chain(
            STRATEGIES
                .iter()
                .map(|s| view! { <th scope="col">{*s}</th> }.into_any()),
        )
        .collect_view()
}
