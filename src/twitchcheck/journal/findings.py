"""The journal's analyses in words and numbers: every sentence is a knowledge-base message filled with the
analysis's figures (no medical wording here)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from twitchcheck.journal.analysis import JournalAnalyses, Triggers, as_json
from twitchcheck.journal.analysis.body import StrengthTrend
from twitchcheck.knowledge.loader import KnowledgeBase, load_knowledge


def _say(kb: KnowledgeBase, message: str, **values: Any) -> str:
    return kb.say(message, **values)


def _finding(trend_id: str, flagged: bool, text: str, **numbers: Any) -> dict[str, Any]:
    return {"id": trend_id, "flagged": flagged, "finding": text, "numbers": numbers}


def _date(value: Any) -> str:
    return str(value.date()) if hasattr(value, "date") and callable(value.date) else str(value)


def _num(value: float | None, spec: str = ".2f") -> str:
    return "n/a" if value is None else format(value, spec)


def trend_findings(found: JournalAnalyses, knowledge: KnowledgeBase | None = None) -> list[dict[str, Any]]:
    """One finding per analysis (per test, side and site for strength and circumference), flagged first."""
    kb = knowledge if knowledge is not None else load_knowledge()
    c = kb.constants
    findings: list[dict[str, Any]] = []

    p = found.persistence
    episode = p.current_episode
    frequent = p.frequent
    if p.persistent and episode is not None and episode.span_days > p.limit_days:
        findings.append(
            _finding(
                "persistence",
                True,
                _say(
                    kb,
                    "trend_persistent",
                    span_days=episode.span_days,
                    first=_date(episode.first),
                    last=_date(episode.last),
                    twitch_days=episode.twitch_days,
                    limit_days=p.limit_days,
                ),
                span_days=episode.span_days,
                first=episode.first.isoformat(),
                last=episode.last.isoformat(),
                twitch_days=episode.twitch_days,
                limit_days=p.limit_days,
                twitch_days_28d=p.twitch_days_28d,
                unexplained_days_28d=p.unexplained_days_28d,
            )
        )
    elif frequent is not None:
        findings.append(
            _finding(
                "persistence",
                True,
                _say(
                    kb,
                    "trend_frequent",
                    twitch_days=frequent.twitch_days,
                    calendar_days=frequent.calendar_days,
                    first=_date(frequent.first),
                    last=_date(frequent.last),
                    limit_days=p.limit_days,
                ),
                span_days=frequent.span_days,
                first=frequent.first.isoformat(),
                last=frequent.last.isoformat(),
                twitch_days=frequent.twitch_days,
                calendar_days=frequent.calendar_days,
                limit_days=p.limit_days,
                twitch_days_28d=p.twitch_days_28d,
                unexplained_days_28d=p.unexplained_days_28d,
            )
        )
    else:
        findings.append(
            _finding(
                "persistence",
                False,
                _say(
                    kb,
                    "trend_not_persistent",
                    twitch_days=p.twitch_days_28d,
                    unexplained_days=p.unexplained_days_28d,
                    rest_days=p.rest_day_twitch_days_28d,
                    window_h=c.post_workout_window_h,
                ),
                twitch_days_28d=p.twitch_days_28d,
                unexplained_days_28d=p.unexplained_days_28d,
                rest_day_twitch_days_28d=p.rest_day_twitch_days_28d,
                current_span_days=episode.span_days if episode is not None else None,
                limit_days=p.limit_days,
            )
        )

    s = found.spread
    labels = {region: info.label for region, info in kb.regions.items()}

    def names(regions: tuple[str, ...]) -> str:
        return ", ".join(labels.get(region, region) for region in regions) or "none"

    if s.recent_regions:
        message = "trend_widespread" if s.widespread else "trend_not_widespread"
        findings.append(
            _finding(
                "spread",
                s.widespread,
                _say(
                    kb,
                    message,
                    days=s.recent_days,
                    count=len(s.recent_unexplained_regions),
                    regions=names(s.recent_unexplained_regions if s.widespread else s.recent_regions),
                ),
                recent_regions=list(s.recent_regions),
                recent_unexplained_regions=list(s.recent_unexplained_regions),
                recent_body_areas=s.recent_body_areas,
                new_regions=list(s.new_regions),
                never_worked_regions=list(s.never_worked_regions)
                if s.never_worked_regions is not None
                else None,
            )
        )
    if s.new_regions:
        findings.append(
            _finding(
                "new_regions",
                False,
                _say(kb, "trend_new_regions", days=s.recent_days, regions=names(s.new_regions)),
                new_regions=list(s.new_regions),
            )
        )

    st = found.strength
    for trend in st.trends:
        findings.append(
            _strength_finding(kb, trend, st.window_days, st.min_readings, st.decline_pct_threshold)
        )
    for gap in st.gaps:
        if gap.fit is None or gap.growth_pct is None:
            continue
        weeks = gap.fit.span_days / 7
        label = kb.message(f"label_{gap.test}").lower()
        message = "trend_side_gap" if gap.growing else "trend_side_gap_steady"
        findings.append(
            _finding(
                f"side_gap.{gap.test}",
                gap.growing,
                _say(
                    kb,
                    message,
                    test=label,
                    growth_pct=gap.growth_pct,
                    weeks=weeks,
                    n=gap.fit.n,
                    gap_last=gap.gap_last,
                ),
                n=gap.fit.n,
                gap_first=gap.gap_first,
                gap_last=gap.gap_last,
                growth_pct=gap.growth_pct,
                slope_per_week=gap.fit.slope_per_day * 7,
                slope_se_per_week=gap.fit.slope_se * 7,
                ci_low_per_week=gap.fit.slope_ci_low * 7,
                ci_high_per_week=gap.fit.slope_ci_high * 7,
            )
        )

    ci = found.circumference
    for site in ci.sites:
        label = kb.message(f"label_site_{site.site}")
        left = site.left.change_cm if site.left is not None else None
        right = site.right.change_cm if site.right is not None else None
        flagged_side = site.flagged_side
        if flagged_side is not None:
            lost, other = (site.left, site.right) if flagged_side == "left" else (site.right, site.left)
            assert lost is not None
            assert other is not None
            if site.loss_side is not None:
                weeks = (lost.readings[-1].when - lost.readings[0].when).total_seconds() / 86400 / 7
                loss_cm, other_cm = -(lost.change_cm or 0.0), other.change_cm or 0.0
            else:  # a slow loss that only the whole record shows
                weeks = lost.record_weeks or 0.0
                loss_cm, other_cm = -(lost.record_change_cm or 0.0), other.record_change_cm or 0.0
            text = _say(
                kb,
                "trend_circumference_loss",
                site=label,
                side=flagged_side,
                loss_cm=loss_cm,
                weeks=weeks,
                other_cm=other_cm,
            )
        else:
            text = _say(
                kb,
                "trend_circumference_steady",
                site=label,
                left_cm=_num(left, "+.1f") + (" cm" if left is not None else ""),
                right_cm=_num(right, "+.1f") + (" cm" if right is not None else ""),
                window_weeks=ci.window_days / 7,
            )
        findings.append(
            _finding(
                f"circumference.{site.site}",
                flagged_side is not None,
                text,
                left_change_cm=left,
                right_change_cm=right,
                loss_side=site.loss_side,
                threshold_cm=ci.loss_cm_threshold,
                stable_cm=ci.stable_cm,
                record_loss_side=site.record_loss_side,
                left_record_change_cm=site.left.record_change_cm if site.left is not None else None,
                right_record_change_cm=site.right.record_change_cm if site.right is not None else None,
                left_record_p=site.left.record_p if site.left is not None else None,
                right_record_p=site.right.record_p if site.right is not None else None,
            )
        )

    load = found.training_load
    numbers = {
        "acwr_rolling": load.acwr_rolling,
        "acwr_ewma": load.acwr_ewma,
        "acute_load_au": load.acute_load_au,
        "chronic_load_au": load.chronic_load_au,
        "monotony": load.monotony,
        "monotony_unbounded": load.monotony is None and bool(load.weekly) and load.weekly[-1].load_au > 0,
        "spike_judged_on": "acwr_rolling",
        "strain": load.strain,
        "unrated_sessions_28d": load.unrated_sessions_28d,
        "days_logged": load.days_logged,
    }
    if load.days_logged:
        if not load.enough_data or load.acwr is None:
            text = _say(
                kb, "trend_load_too_few", days_logged=load.days_logged, chronic_days=c.acwr_chronic_days
            )
        elif load.spike:
            text = _say(
                kb,
                "trend_load_spike",
                acwr=load.acwr,
                threshold=load.spike_threshold,
                ewma=_num(load.acwr_ewma),
            )
        else:
            # Identical loads every day have no spread: monotony is unbounded, the most monotonous week.
            unbounded = load.monotony is None and load.weekly[-1].load_au > 0
            text = _say(
                kb,
                "trend_load",
                acwr=load.acwr,
                ewma=_num(load.acwr_ewma),
                week_load_au=load.weekly[-1].load_au,
                monotony=kb.message("monotony_very_high") if unbounded else _num(load.monotony),
                strain=_num(load.strain, ".0f"),
            )
        if load.unrated_sessions_28d:
            text += " " + _say(kb, "trend_load_unrated", unrated=load.unrated_sessions_28d)
        findings.append(_finding("training_load", bool(load.spike), text, **numbers))

    caffeine = found.caffeine
    if caffeine.ever_logged:
        findings.append(
            _finding(
                "caffeine",
                False,
                _say(
                    kb,
                    "trend_caffeine",
                    on_board_mg=caffeine.on_board_mg,
                    last_24h_mg=caffeine.last_24h_mg,
                    half_life_h=caffeine.half_life_h,
                ),
                on_board_mg=round(caffeine.on_board_mg, 1),
                last_24h_mg=caffeine.last_24h_mg,
                hours_since_last=caffeine.hours_since_last,
                half_life_h=caffeine.half_life_h,
            )
        )
    findings.sort(key=lambda finding: not finding["flagged"])
    return findings


def _strength_finding(
    kb: KnowledgeBase, trend: StrengthTrend, window_days: float, min_readings: int, threshold: float
) -> dict[str, Any]:
    label = kb.message(f"label_{trend.test}")
    fit = trend.fit
    n = len(trend.readings)
    numbers: dict[str, Any] = {
        "test": trend.test,
        "side": trend.side,
        "n": n,
        "weeks": round(trend.weeks, 3),
        "baseline": trend.baseline,
        "change_pct": trend.change_pct,
        "threshold_pct": threshold,
    }
    if fit is not None:
        numbers.update(
            slope_per_week=fit.slope_per_day * 7,
            slope_se_per_week=fit.slope_se * 7,
            ci_low_per_week=fit.slope_ci_low * 7,
            ci_high_per_week=fit.slope_ci_high * 7,
        )
    record = trend.record
    if record is not None:
        numbers["record"] = {
            "n": record.readings,
            "weeks": round(record.weeks, 3),
            "baseline": record.baseline,
            "change_pct": record.change_pct,
            "recent_median": record.recent_median,
            "fitted_change_pct": record.fitted_change_pct,
            "slope_per_week": record.line.slope_per_day * 7,
            "ci_low_per_week": record.line.slope_ci_low * 7,
            "ci_high_per_week": record.line.slope_ci_high * 7,
            "kendall_s": record.line.kendall_s,
            "p_value": record.line.p_value,
            "declining": record.declining,
            "sessions_per_week_first": record.sessions_per_week_first,
            "sessions_per_week_recent": record.sessions_per_week_recent,
            "training_cut": record.training_cut,
        }
    numbers["outliers"] = [
        {
            "at": outlier.when.isoformat(),
            "value": outlier.value,
            "expected": outlier.expected,
            "off_pct": outlier.off_pct,
            "reason": outlier.reason,
        }
        for outlier in trend.outliers
    ]
    if trend.declining and fit is not None:
        text = _say(
            kb,
            "trend_strength_decline",
            test=label,
            side=trend.side,
            decline_pct=-(trend.change_pct or 0),
            weeks=trend.weeks,
            n=n,
            slope_per_week=fit.slope_per_day * 7,
            ci_low_per_week=fit.slope_ci_low * 7,
            ci_high_per_week=fit.slope_ci_high * 7,
            threshold_pct=threshold,
        )
    elif record is not None and record.declining and record.change_pct is not None:
        text = _say(
            kb,
            "trend_strength_record_decline",
            test=label,
            side=trend.side,
            decline_pct=-record.change_pct,
            weeks=record.weeks,
            n=record.readings,
            slope_per_week=record.line.slope_per_day * 7,
            p_value=record.line.p_value,
            window_weeks=window_days / 7,
        )
    elif trend.possible_decline == "step_drop":
        text = _say(
            kb,
            "trend_strength_step_drop",
            test=label,
            side=trend.side,
            drop_pct=trend.drop_pct,
            earlier=n - 1,
        )
    elif trend.possible_decline == "few_tests":
        text = _say(
            kb,
            "trend_strength_few_tests_fall",
            test=label,
            side=trend.side,
            drop_pct=trend.drop_pct,
            n=n,
            min_readings=min_readings,
            limit_pct=2 * threshold,
        )
    elif not trend.enough_readings or trend.change_pct is None:
        text = _say(
            kb,
            "trend_strength_too_few",
            test=label,
            side=trend.side,
            n=n,
            window_weeks=window_days / 7,
            min_readings=min_readings,
        )
    else:
        text = _say(
            kb,
            "trend_strength_steady",
            test=label,
            side=trend.side,
            change_pct=trend.change_pct,
            weeks=trend.weeks,
            n=n,
        )
    if record is not None and record.training_cut:
        text += " " + _say(
            kb,
            "trend_strength_training_cut",
            first=record.sessions_per_week_first or 0.0,
            recent=record.sessions_per_week_recent or 0.0,
            threshold_pct=threshold,
        )
    if trend.outliers:
        items = "; ".join(
            _say(
                kb,
                "trend_reading_left_out_item",
                value=outlier.value,
                date=_date(outlier.when),
                off_pct=outlier.off_pct,
            )
            for outlier in trend.outliers
        )
        text += " " + _say(kb, "trend_readings_left_out", items=items)
    numbers.update(possible_decline=trend.possible_decline, drop_pct=trend.drop_pct)
    numbers["record_declining"] = trend.record_declining
    flagged = trend.declining or trend.record_declining or trend.possible_decline is not None
    return _finding(f"strength.{trend.test}.{trend.side}", flagged, text, **numbers)


def trigger_findings(result: Triggers, knowledge: KnowledgeBase | None = None) -> list[dict[str, Any]]:
    """Each factor of `triggers` in words (with 'not enough data yet' below the minimum) and numbers."""
    kb = knowledge if knowledge is not None else load_knowledge()
    c = kb.constants
    hours = {"caffeine": c.caffeine_trigger_window_h, "short_sleep": c.short_sleep_h}
    findings = []
    for factor in result.factors:
        label = kb.say(f"label_{factor.factor}", hours=hours.get(factor.factor, 0))
        if not factor.enough_data or factor.risk_difference_ci is None or factor.risk_ratio_ci is None:
            text = _say(
                kb,
                "triggers_not_enough",
                known_days=factor.known_days,
                days_with=factor.days_with,
                days_without=factor.days_without,
                min_known=result.min_known_days,
                min_group=result.min_group_days,
            )
        else:
            text = _say(
                kb,
                "triggers_result",
                rate_with_pct=100 * (factor.rate_with or 0),
                twitch_with=factor.twitch_days_with,
                days_with=factor.days_with,
                rate_without_pct=100 * (factor.rate_without or 0),
                twitch_without=factor.twitch_days_without,
                days_without=factor.days_without,
                difference_pct=100 * (factor.risk_difference or 0),
                ci_low_pct=100 * factor.risk_difference_ci[0],
                ci_high_pct=100 * factor.risk_difference_ci[1],
                ratio=factor.risk_ratio,
                ratio_low=factor.risk_ratio_ci[0],
                ratio_high=factor.risk_ratio_ci[1],
            )
        if not factor.enough_data or factor.p_adjusted is None:
            meaning = kb.message("triggers_meaning_not_enough")
        elif factor.associated:
            meaning = kb.message("triggers_meaning_associated")
        else:
            meaning = _say(
                kb,
                "triggers_meaning_none",
                effective_days=factor.effective_days or 0.0,
                p_adjusted=factor.p_adjusted,
            )
        findings.append(
            {
                "factor": factor.factor,
                "label": label,
                "enough_data": factor.enough_data,
                "associated": factor.associated,
                "finding": text,
                "meaning": meaning,
                "numbers": {
                    "known_days": factor.known_days,
                    "days_with": factor.days_with,
                    "twitch_days_with": factor.twitch_days_with,
                    "days_without": factor.days_without,
                    "twitch_days_without": factor.twitch_days_without,
                    "rate_with": factor.rate_with,
                    "rate_without": factor.rate_without,
                    "risk_difference": factor.risk_difference,
                    "risk_difference_ci": list(factor.risk_difference_ci)
                    if factor.risk_difference_ci
                    else None,
                    "risk_ratio": factor.risk_ratio,
                    "risk_ratio_ci": list(factor.risk_ratio_ci) if factor.risk_ratio_ci else None,
                    "p_value": factor.p_value,
                    "p_adjusted": factor.p_adjusted,
                    "correction": "holm",
                    "effective_days": factor.effective_days,
                    "dependence_factor": factor.dependence_factor,
                    "days_left_out": factor.days_left_out,
                },
            }
        )
    return findings


def triggers_json(
    result: Triggers, as_of: datetime, knowledge: KnowledgeBase | None = None
) -> dict[str, Any]:
    """`twitchcheck triggers --format json` and `GET /api/v1/triggers`: the factors in words and numbers, the
    caveat, and the day-by-day table behind them."""
    kb = knowledge if knowledge is not None else load_knowledge()
    return {
        "as_of": as_of.isoformat(),
        "days_observed": result.days_observed,
        "twitch_days": result.twitch_days,
        "min_known_days": result.min_known_days,
        "min_group_days": result.min_group_days,
        "factors": trigger_findings(result, kb),
        "caveat": _say(
            kb, "triggers_caveat", habit_h=kb.constants.trigger_habit_window_h, factors=len(result.factors)
        ),
        "habit_window_h": kb.constants.trigger_habit_window_h,
        "days": as_json(result.table),
    }
