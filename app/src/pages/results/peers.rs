//! The benchmark's charts: the peers' stages (DI × TMI) and the spread of
//! each strategy among them, with the reader's own values.

use super::quadrant_label;
use crate::benchmark::Benchmark;
use crate::charts::ChartSpec;
use crate::components::chart::ChartFigure;
use crate::components::figures::{STRATEGIES, dim_label, f1};
use crate::i18n::*;
use leptos::prelude::*;

/// The scatter of the peers' stages and the box chart of the strategies,
/// side by side.
#[component]
pub(super) fn PeerCharts(b: Benchmark) -> impl IntoView {
    let i18n = use_i18n();
    let peers = b.scatter.clone();
    let own = b.scatter_own;
    let scatter = Signal::derive(move || ChartSpec::Quadrant {
        peers: peers.clone(),
        own,
        own_name: t_string!(i18n, bench.you).to_string(),
        peers_name: t_string!(i18n, bench.peers).to_string(),
        x_name: t_string!(i18n, dash.di).to_string(),
        y_name: t_string!(i18n, dash.tmi).to_string(),
    });
    // The scatter's data table: how many peers are in each stage (hundreds
    // of anonymous points say no more than that), and the reader's own values.
    let scatter_rows = b
        .quadrant_counts
        .iter()
        .map(|(q, n)| {
            let q = q.clone();
            view! {
                <tr>
                    <th scope="row">{move || quadrant_label(i18n, &q)}</th>
                    <td>{*n}</td>
                </tr>
            }
        })
        .collect_view();
    let scatter_own = own.map(|(di, tmi)| {
        let (di, tmi) = (f1(di), f1(tmi));
        view! { <p id="scatter-own">{t!(i18n, bench.scatter_table, di = move || di.clone(), tmi = move || tmi.clone())}</p> }
    });
    let box_dims: Vec<_> = b
        .dims
        .iter()
        .filter(|d| STRATEGIES.contains(&d.dimension.as_str()))
        .cloned()
        .collect();
    let (cats, boxes, owns): (Vec<String>, Vec<[f64; 5]>, Vec<Option<f64>>) = (
        box_dims.iter().map(|d| d.dimension.clone()).collect(),
        box_dims
            .iter()
            .map(|d| [d.min, d.q1, d.median, d.q3, d.max])
            .collect(),
        box_dims
            .iter()
            .map(|d| d.own.as_ref().map(|o| o.mean))
            .collect(),
    );
    let box_spec = Signal::derive(move || ChartSpec::Boxes {
        categories: cats.clone(),
        boxes: boxes.clone(),
        own: owns.clone(),
        own_name: t_string!(i18n, bench.you).to_string(),
        peers_name: t_string!(i18n, bench.peers).to_string(),
    });
    let box_rows = box_dims
        .iter()
        .map(|d| {
            let dim = d.dimension.clone();
            view! {
                <tr>
                    <th scope="row">{move || dim_label(i18n, &dim)}</th>
                    <td>{f1(d.min)}</td>
                    <td>{f1(d.q1)}</td>
                    <td>{f1(d.median)}</td>
                    <td>{f1(d.q3)}</td>
                    <td>{f1(d.max)}</td>
                    <td>{d.own.as_ref().map(|o| f1(o.mean))}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="chart-pair">
            <section aria-labelledby="scatter-title">
                <h2 id="scatter-title">{t!(i18n, bench.scatter_title)}</h2>
                <ChartFigure
                    id="bench-scatter"
                    caption=Signal::derive(move || t_string!(i18n, bench.scatter_caption).to_string())
                    spec=scatter
                >
                    <table id="scatter-table">
                        <thead>
                            <tr>
                                <th scope="col">{t!(i18n, bench.col_quadrant)}</th>
                                <th scope="col">{t!(i18n, bench.quadrant_count)}</th>
                            </tr>
                        </thead>
                        <tbody>{scatter_rows}</tbody>
                    </table>
                    {scatter_own}
                </ChartFigure>
            </section>
            <section aria-labelledby="boxes-title">
                <h2 id="boxes-title">{t!(i18n, bench.boxes_title)}</h2>
                <ChartFigure
                    id="bench-boxes"
                    caption=Signal::derive(move || t_string!(i18n, bench.boxes_caption).to_string())
                    spec=box_spec
                >
                    <table>
                        <thead>
                            <tr>
                                <th scope="col">{t!(i18n, dash.col_dimension)}</th>
                                <th scope="col">{t!(i18n, bench.col_min)}</th>
                                <th scope="col">{t!(i18n, bench.col_q1)}</th>
                                <th scope="col">{t!(i18n, dash.col_median)}</th>
                                <th scope="col">{t!(i18n, bench.col_q3)}</th>
                                <th scope="col">{t!(i18n, bench.col_max)}</th>
                                <th scope="col">{t!(i18n, bench.col_you)}</th>
                            </tr>
                        </thead>
                        <tbody>{box_rows}</tbody>
                    </table>
                </ChartFigure>
            </section>
        </div>
    }
}
