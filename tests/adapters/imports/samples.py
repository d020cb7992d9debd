"""Exports written the way the apps write them, for the import tests and the benchmark.

Shapes follow the real files: Apple Health's `export.xml` (the DOCTYPE with its internal DTD as HealthKit
Export Version 13 writes it, dates like `2026-11-02 18:30:00 +0100` in the zone each record was made in,
the `device` attribute with its escaped angle brackets, MetadataEntry children, iOS 16+ sleep stages and
WorkoutStatistics, records inside a Correlation repeated at the top level), Strava's bulk export (an
`activities.csv` with its repeated columns and an `activities/` folder), Garmin Connect's export
(`DI_CONNECT/DI-Connect-Fitness/*_summarizedActivities.json` in milliseconds and centimetres, FIT files in
nested `UploadedFiles_*.zip`), and Google Takeout (`Takeout/Fit/Activities/*.tcx`, Fitbit's `exercise-*.json`
with US-style local times and `sleep-*.json`).
"""

from __future__ import annotations

import io
import json
import random
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import IO
from xml.sax.saxutils import quoteattr

CET = timezone(timedelta(hours=1))
CEST = timezone(timedelta(hours=2))

HEALTH_DTD = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!-- HealthKit Export Version: 13 -->
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary|ClinicalRecord|Audiogram|VisionPrescription)*)>
<!ATTLIST HealthData
  locale CDATA #REQUIRED
>
<!ELEMENT ExportDate EMPTY>
<!ATTLIST ExportDate
  value CDATA #REQUIRED
>
<!ELEMENT Me EMPTY>
<!ATTLIST Me
  HKCharacteristicTypeIdentifierDateOfBirth                   CDATA #REQUIRED
  HKCharacteristicTypeIdentifierBiologicalSex                 CDATA #REQUIRED
>
<!ELEMENT Record ((MetadataEntry|HeartRateVariabilityMetadataList)*)>
<!ATTLIST Record
  type          CDATA #REQUIRED
  unit          CDATA #IMPLIED
  value         CDATA #IMPLIED
  sourceName    CDATA #REQUIRED
  sourceVersion CDATA #IMPLIED
  device        CDATA #IMPLIED
  creationDate  CDATA #IMPLIED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
<!-- Note: Any Records that appear as children of a correlation also appear as top-level records in this document. -->
<!ELEMENT Correlation ((MetadataEntry|Record)*)>
<!ELEMENT Workout ((MetadataEntry|WorkoutEvent|WorkoutRoute|WorkoutStatistics)*)>
<!ATTLIST Workout
  workoutActivityType   CDATA #REQUIRED
  duration              CDATA #IMPLIED
  durationUnit          CDATA #IMPLIED
  totalDistance         CDATA #IMPLIED
  totalDistanceUnit     CDATA #IMPLIED
  sourceName            CDATA #REQUIRED
  startDate             CDATA #REQUIRED
  endDate               CDATA #REQUIRED
>
<!ELEMENT MetadataEntry EMPTY>
<!ATTLIST MetadataEntry
  key   CDATA #REQUIRED
  value CDATA #REQUIRED
>
]>
"""
# iOS 16.0 and 16.1 wrote VisionPrescription's ATTLIST unclosed, with a stray `>` before `]>`.
BROKEN_IOS16_DTD = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!-- HealthKit Export Version: 12 -->
<!ELEMENT HealthData (ExportDate,Me,(Record|Workout)*)>
<!ATTLIST HealthData locale CDATA #REQUIRED
>
<!ELEMENT VisionPrescription EMPTY>
<!ATTLIST VisionPrescription
  type CDATA #REQUIRED
  <!ELEMENT RightEye EMPTY>
  <!ATTLIST RightEye
  sphere CDATA #IMPLIED
>
]>
"""
WATCH_DEVICE = (
    "&lt;&lt;HKDevice: 0x2822a1f40&gt;, name:Apple Watch, manufacturer:Apple Inc., model:Watch, "
    "hardware:Watch6,2, software:10.1&gt;"
)


def health_date(moment: datetime) -> str:
    """A date as the export writes it: `2026-11-02 18:30:00 +0100`, in the moment's own zone."""
    return moment.strftime("%Y-%m-%d %H:%M:%S %z")


@dataclass
class Health:
    """An Apple Health export.xml being written: add records, then `xml()`."""

    export_date: datetime = datetime(2026, 11, 24, 10, 0, tzinfo=CET)
    dtd: str = HEALTH_DTD
    body: list[str] = field(default_factory=list)

    def record(
        self,
        kind: str,
        start: datetime,
        value: str | float,
        *,
        unit: str | None = None,
        end: datetime | None = None,
        source: str = "Health",
        device: str | None = None,
        metadata: Sequence[tuple[str, str]] = (),
    ) -> Health:
        attrs = {
            "type": kind,
            "sourceName": source,
            "sourceVersion": "17.1",
            **({"device": device} if device else {}),
            **({"unit": unit} if unit else {}),
            "creationDate": health_date(end or start),
            "startDate": health_date(start),
            "endDate": health_date(end or start),
            "value": str(value),
        }
        text = " <Record " + " ".join(f"{k}={_attr(v)}" for k, v in attrs.items())
        if metadata:
            inner = "".join(f'  <MetadataEntry key="{k}" value="{v}"/>\n' for k, v in metadata)
            self.body.append(f"{text}>\n{inner} </Record>")
        else:
            self.body.append(f"{text}/>")
        return self

    def water(self, start: datetime, value: float, unit: str = "mL", source: str = "WaterMinder") -> Health:
        return self.record("HKQuantityTypeIdentifierDietaryWater", start, value, unit=unit, source=source)

    def caffeine(
        self, start: datetime, value: str | float, unit: str = "mg", source: str = "Caffeine Log"
    ) -> Health:
        return self.record("HKQuantityTypeIdentifierDietaryCaffeine", start, value, unit=unit, source=source)

    def body_mass(self, start: datetime, value: float, unit: str = "kg", source: str = "Withings") -> Health:
        return self.record("HKQuantityTypeIdentifierBodyMass", start, value, unit=unit, source=source)

    def sleep(self, start: datetime, end: datetime, stage: str, source: str = "Ann’s Apple Watch") -> Health:
        value = f"HKCategoryValueSleepAnalysis{stage}"
        device = WATCH_DEVICE if "Watch" in source else None
        return self.record(
            "HKCategoryTypeIdentifierSleepAnalysis", start, value, end=end, source=source, device=device
        )

    def heart_rate(self, start: datetime, bpm: int) -> Health:
        return self.record(
            "HKQuantityTypeIdentifierHeartRate",
            start,
            bpm,
            unit="count/min",
            source="Ann’s Apple Watch",
            device=WATCH_DEVICE,
            metadata=[("HKMetadataKeyHeartRateMotionContext", "0")],
        )

    def steps(self, start: datetime, count: int) -> Health:
        return self.record(
            "HKQuantityTypeIdentifierStepCount",
            start,
            count,
            unit="count",
            end=start + timedelta(minutes=5),
            source="Ann’s iPhone",
        )

    def correlation_with_water(self, start: datetime, ml: float) -> Health:
        """A food correlation holding a water record (which, as in real exports, also appears on its own)."""
        inner = (
            f'  <Record type="HKQuantityTypeIdentifierDietaryWater" sourceName="MyFitnessPal" unit="mL" '
            f'creationDate="{health_date(start)}" startDate="{health_date(start)}" endDate="{health_date(start)}" value="{ml}"/>\n'
        )
        self.body.append(
            f' <Correlation type="HKCorrelationTypeIdentifierFood" sourceName="MyFitnessPal" '
            f'creationDate="{health_date(start)}" startDate="{health_date(start)}" endDate="{health_date(start)}">\n'
            f'  <MetadataEntry key="HKFoodType" value="Lunch"/>\n{inner} </Correlation>'
        )
        return self.water(start, ml, source="MyFitnessPal")

    def workout(
        self,
        activity: str,
        start: datetime,
        minutes: float,
        *,
        km: float | None = None,
        distance_type: str = "HKQuantityTypeIdentifierDistanceWalkingRunning",
        kcal: float | None = 420,
        source: str = "Ann’s Apple Watch",
        legacy_totals: bool = False,
    ) -> Health:
        """A Workout as iOS 16+ writes it (distance and energy in WorkoutStatistics), or as older iOS did
        (`legacy_totals`: totalDistance and totalEnergyBurned attributes)."""
        end = start + timedelta(minutes=minutes)
        attrs = {
            "workoutActivityType": f"HKWorkoutActivityType{activity}",
            "duration": f"{minutes:.4f}",
            "durationUnit": "min",
        }
        if legacy_totals and km is not None:
            attrs |= {"totalDistance": str(km), "totalDistanceUnit": "km"}
        if legacy_totals and kcal is not None:
            attrs |= {"totalEnergyBurned": str(kcal), "totalEnergyBurnedUnit": "kcal"}
        attrs |= {
            "sourceName": source,
            "sourceVersion": "10.1",
            "creationDate": health_date(end),
            "startDate": health_date(start),
            "endDate": health_date(end),
        }
        lines = [" <Workout " + " ".join(f"{k}={_attr(v)}" for k, v in attrs.items()) + ">"]
        lines.append('  <MetadataEntry key="HKIndoorWorkout" value="0"/>')
        lines.append('  <MetadataEntry key="HKTimeZone" value="Europe/Berlin"/>')
        lines.append(
            f'  <WorkoutEvent type="HKWorkoutEventTypeSegment" date="{health_date(start)}" duration="5" durationUnit="min"/>'
        )
        if not legacy_totals:
            if km is not None:
                lines.append(
                    f'  <WorkoutStatistics type="{distance_type}" startDate="{health_date(start)}" '
                    f'endDate="{health_date(end)}" sum="{km}" unit="km"/>'
                )
            if kcal is not None:
                lines.append(
                    f'  <WorkoutStatistics type="HKQuantityTypeIdentifierActiveEnergyBurned" startDate="{health_date(start)}" '
                    f'endDate="{health_date(end)}" sum="{kcal}" unit="Cal"/>'
                )
            lines.append(
                f'  <WorkoutStatistics type="HKQuantityTypeIdentifierHeartRate" startDate="{health_date(start)}" '
                f'endDate="{health_date(end)}" average="148" minimum="96" maximum="171" unit="count/min"/>'
            )
        lines.append(
            f'  <WorkoutRoute sourceName="{source}" startDate="{health_date(start)}" endDate="{health_date(end)}">'
        )
        lines.append(f'   <FileReference path="/workout-routes/route_{start:%Y-%m-%d_%I.%M%p}.gpx"/>')
        lines.append("  </WorkoutRoute>")
        lines.append(" </Workout>")
        self.body.append("\n".join(lines))
        return self

    def xml(self) -> str:
        me = (
            ' <Me HKCharacteristicTypeIdentifierDateOfBirth="1990-04-02" '
            'HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexFemale"/>'
        )
        head = f'{self.dtd}<HealthData locale="en_DE">\n <ExportDate value="{health_date(self.export_date)}"/>\n{me}\n'
        return head + "\n".join(self.body) + "\n</HealthData>\n"


def _attr(value: str) -> str:
    # The device string is already escaped as the export writes it.
    return f'"{value}"' if "&lt;" in value else quoteattr(value)


def zip_bytes(
    members: Iterable[tuple[str, bytes | str]], *, compression: int = zipfile.ZIP_DEFLATED
) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


def apple_zip(xml: str, name: str = "apple_health_export/export.xml") -> bytes:
    """export.zip as the Health app shares it: the export, the clinical CDA file and workout routes."""
    cda = '<?xml version="1.0"?>\n<ClinicalDocument xmlns="urn:hl7-org:v3"></ClinicalDocument>\n'
    route = '<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="Apple Health Export"><trk><trkseg></trkseg></trk></gpx>\n'
    return zip_bytes(
        [
            (name, xml),
            ("apple_health_export/export_cda.xml", cda),
            ("apple_health_export/workout-routes/route_2026-11-02_6.30pm.gpx", route),
        ]
    )


# -- Strava ------------------------------------------------------------------------------------------------

STRAVA_HEADER = (
    "Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,Elapsed Time,Distance,"
    "Max Heart Rate,Relative Effort,Commute,Activity Private Note,Activity Gear,Filename,Athlete Weight,"
    "Bike Weight,Elapsed Time,Moving Time,Distance,Max Speed,Average Speed,Elevation Gain,Perceived Exertion"
)


def strava_row(
    activity_id: int,
    start_utc: datetime,
    name: str,
    kind: str,
    elapsed_s: int,
    moving_s: int,
    metres: float,
    *,
    rpe: str = "",
) -> str:
    date = start_utc.strftime("%b %-d, %Y, %-I:%M:%S %p")
    shown_km = f"{metres / 1000:.2f}"
    filename = f"activities/{activity_id}.fit.gz"
    return (
        f'{activity_id},"{date}","{name}",{kind},,{elapsed_s},{shown_km},171.0,42,false,,,{filename},'
        f",,{elapsed_s}.0,{moving_s}.0,{metres:.1f},4.2,3.1,52.0,{rpe}"
    )


def strava_zip(rows: Sequence[str], files: Sequence[tuple[str, bytes]] = ()) -> bytes:
    csv = STRAVA_HEADER + "\n" + "\n".join(rows) + "\n"
    return zip_bytes(
        [("activities.csv", csv), ("profile.csv", "Athlete ID,Email\n1,a@example.com\n"), *files]
    )


# -- Garmin ------------------------------------------------------------------------------------------------


def garmin_activity(
    activity_id: int, start_utc: datetime, kind: str, minutes: float, km: float | None, name: str
) -> dict[str, object]:
    begin = int(start_utc.timestamp() * 1000)
    activity: dict[str, object] = {
        "activityId": activity_id,
        "uuidMsb": 1,
        "name": name,
        "activityType": kind,
        "userProfileId": 9,
        "timeZoneId": 124,
        "beginTimestamp": begin,
        "eventTypeId": 9,
        "duration": minutes * 60_000,
        "elapsedDuration": minutes * 60_000 + 30_000,
        "movingDuration": minutes * 60_000 - 20_000,
        "startTimeGmt": begin,
        "startTimeLocal": begin + 3_600_000,
        "calories": 512.3,
        "avgHr": 148.0,
        "sportType": kind.upper(),
        "lapCount": 5,
    }
    if km is not None:
        activity["distance"] = km * 100_000  # centimetres
    return activity


def garmin_zip(
    activities: Sequence[dict[str, object]],
    uploads: Sequence[tuple[str, bytes]] = (),
    user: str = "ann@example.com",
) -> bytes:
    members: list[tuple[str, bytes | str]] = []
    if activities:
        members.append(
            (
                f"DI_CONNECT/DI-Connect-Fitness/{user}_0_summarizedActivities.json",
                json.dumps([{"summarizedActivitiesExport": list(activities)}]),
            )
        )
    members.append(("DI_CONNECT/DI-Connect-User/user_profile.json", json.dumps({"userName": user})))
    for index, (name, data) in enumerate(uploads):
        inner = zip_bytes([(name, data)])
        members.append((f"DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part{index + 1}.zip", inner))
    return zip_bytes(members)


# -- Google Takeout ----------------------------------------------------------------------------------------


def google_fit_tcx(start_utc: datetime, seconds: float, metres: float, sport: str = "Running") -> str:
    stamp = start_utc.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="no" ?>\n'
        '<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">\n'
        f' <Activities><Activity Sport="{sport}"><Id>{stamp}</Id>\n'
        f'  <Lap StartTime="{stamp}"><TotalTimeSeconds>{seconds}</TotalTimeSeconds>'
        f"<DistanceMeters>{metres}</DistanceMeters><Calories>410</Calories>"
        "<Intensity>Active</Intensity><TriggerMethod>Manual</TriggerMethod><Track></Track></Lap>\n"
        '  <Creator xsi:type="Device_t" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><Name>Google Fit</Name></Creator>\n'
        " </Activity></Activities>\n</TrainingCenterDatabase>\n"
    )


def fitbit_exercise(
    log_id: int, local_start: datetime, name: str, minutes: float, km: float | None
) -> dict[str, object]:
    log: dict[str, object] = {
        "logId": log_id,
        "activityName": name,
        "activityTypeId": 90009,
        "averageHeartRate": 142,
        "calories": 380,
        "duration": int(minutes * 60_000) + 60_000,
        "activeDuration": int(minutes * 60_000),
        "steps": 6210,
        "logType": "auto_detected",
        "lastModified": (local_start + timedelta(minutes=minutes + 3)).strftime("%m/%d/%y %H:%M:%S"),
        "startTime": local_start.strftime("%m/%d/%y %H:%M:%S"),
        "originalStartTime": local_start.strftime("%m/%d/%y %H:%M:%S"),
        "originalDuration": int(minutes * 60_000),
        "hasGps": False,
        "shouldFetchDetails": False,
    }
    if km is not None:
        log |= {"distance": km, "distanceUnit": "Kilometer"}
    return log


def fitbit_sleep(
    log_id: int, day: str, start: str, end: str, asleep_min: int, *, stages: bool = True
) -> dict[str, object]:
    return {
        "logId": log_id,
        "dateOfSleep": day,
        "startTime": start,
        "endTime": end,
        "duration": (asleep_min + 40) * 60_000,
        "minutesToFallAsleep": 10,
        "minutesAsleep": asleep_min,
        "minutesAwake": 40,
        "minutesAfterWakeup": 0,
        "timeInBed": asleep_min + 40,
        "efficiency": 91,
        "type": "stages" if stages else "classic",
        "infoCode": 0,
        "levels": {"summary": {"deep": {"count": 4, "minutes": 80}}, "data": []},
        "mainSleep": True,
    }


def takeout_zip(
    tcx: Sequence[tuple[str, str]] = (),
    exercise: Sequence[dict[str, object]] = (),
    sleep: Sequence[dict[str, object]] = (),
) -> bytes:
    members: list[tuple[str, bytes | str]] = [("Takeout/archive_browser.html", "<html></html>")]
    members += [(f"Takeout/Fit/Activities/{name}", text) for name, text in tcx]
    if exercise:
        members.append(("Takeout/Fitbit/Global Export Data/exercise-0.json", json.dumps(list(exercise))))
    if sleep:
        members.append(("Takeout/Fitbit/Global Export Data/sleep-2026-10-30.json", json.dumps(list(sleep))))
    return zip_bytes(members)


# -- a big export for the benchmark ------------------------------------------------------------------------


def write_big_health_export(out: IO[str], target_bytes: int, seed: int = 7) -> dict[str, int]:
    """An export.xml of about `target_bytes`, mostly heart-rate and step records like a real one (a
    record every minute or so, years of them), with a workout, drinks, caffeine and a night most days.
    Returns how many records of each kind it holds."""
    rng = random.Random(seed)
    health = Health()
    out.write(health.dtd + '<HealthData locale="en_DE">\n <ExportDate value="2026-11-24 10:00:00 +0100"/>\n')
    counts = {
        "heart_rate": 0,
        "steps": 0,
        "workout": 0,
        "fluid": 0,
        "caffeine": 0,
        "body_mass": 0,
        "sleep": 0,
    }
    day = datetime(2016, 1, 1, tzinfo=CET)
    while True:
        zone = CEST if 4 <= day.month <= 9 else CET
        base = day.replace(tzinfo=zone)
        chunk = Health(body=[])
        for minute in range(6 * 60, 23 * 60, 3):
            chunk.heart_rate(
                base + timedelta(minutes=minute, seconds=rng.randrange(60)), rng.randrange(55, 150)
            )
            counts["heart_rate"] += 1
            if minute % 15 == 0:
                chunk.steps(base + timedelta(minutes=minute), rng.randrange(0, 900))
                counts["steps"] += 1
        chunk.workout(
            "Running", base + timedelta(hours=18), rng.uniform(30, 70), km=round(rng.uniform(5, 12), 2)
        )
        chunk.water(base + timedelta(hours=9), 250)
        chunk.water(base + timedelta(hours=14), 500)
        chunk.caffeine(base + timedelta(hours=8), 95)
        chunk.body_mass(base + timedelta(hours=7), round(rng.uniform(68, 71), 1))
        night = base + timedelta(hours=23)
        chunk.sleep(night, night + timedelta(hours=3), "AsleepCore")
        chunk.sleep(night + timedelta(hours=3), night + timedelta(hours=4), "AsleepDeep")
        chunk.sleep(night + timedelta(hours=4), night + timedelta(hours=7), "AsleepREM")
        counts["workout"] += 1
        counts["fluid"] += 2
        counts["caffeine"] += 1
        counts["body_mass"] += 1
        counts["sleep"] += 1
        out.write("\n".join(chunk.body) + "\n")
        if out.tell() >= target_bytes:
            break
        day += timedelta(days=1)
    out.write("</HealthData>\n")
    return counts


def write_file(path: Path, data: bytes | str) -> Path:
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


START_UTC = datetime(2026, 11, 2, 17, 30, tzinfo=UTC)
