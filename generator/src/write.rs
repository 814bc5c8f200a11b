//! Writing the output folder without harm: writes stay inside the folder, a file sdkgen did not
//! write is never overwritten, one run writes at a time, and a run that fails or is killed
//! leaves nothing half-done that the next run cannot clean up.
//!
//! A run takes an advisory lock on the folder, reads the manifest (the files sdkgen owns) and
//! plans every change before touching anything. It then records what it is about to write in a
//! journal, writes each changed file to a fresh temporary file beside it (random name, created
//! exclusively), and only when all of them are ready renames them into place, removes the owned
//! files it no longer produces, writes the new manifest and deletes the journal. A rename
//! replaces a symbolic link instead of following it. If a rename fails, the files already
//! renamed get their old content back; if the process is killed, the journal tells the next run
//! (and `--check`) which files and temporary files it left.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{self, Write as _};
use std::path::{Component, Path, PathBuf};

use crate::emit::{self, Files};
use crate::generate::Error;

/// The manifest of owned files, relative to the output folder.
pub const MANIFEST: &str = ".sdkgen-manifest";

/// The journal of a run in progress: the files it is about to write. It exists only while a
/// run writes; one left behind means a run was killed.
pub const JOURNAL: &str = ".sdkgen-journal";

/// How sdkgen's temporary files start; the rest of the name is random.
pub const TEMP_PREFIX: &str = ".sdkgen-tmp-";

/// The lock file where a folder cannot be locked itself (not on Unix).
#[cfg(not(unix))]
pub const LOCK_FILE: &str = ".sdkgen.lock";

/// How to treat files in the way.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteOptions {
    /// Overwrite files at the paths sdkgen writes even when the manifest does not own them
    /// (`--force`), taking ownership of them.
    pub force: bool,
}

/// What a write did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Files created or changed.
    pub written: Vec<String>,
    /// Files left as they were (their content was already right).
    pub unchanged: Vec<String>,
    /// Files sdkgen owned before and no longer produces, now removed.
    pub removed: Vec<String>,
    /// Leftovers of a killed run that this run removed (temporary files, the journal).
    pub recovered: Vec<String>,
    /// Things worth telling the user that did not stop the run, such as manifest entries that
    /// point outside the folder and were ignored.
    pub warnings: Vec<String>,
}

/// How the output folder differs from a fresh generation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Staleness {
    /// Files whose content differs, with a short diff each.
    pub stale: Vec<(String, String)>,
    /// Files that should exist and do not.
    pub missing: Vec<String>,
    /// Files sdkgen owns that it would no longer produce.
    pub extra: Vec<String>,
    /// Leftovers of a killed run: its journal and temporary files.
    pub interrupted: Vec<String>,
    /// Manifest entries that point outside the folder, ignored.
    pub warnings: Vec<String>,
}

impl Staleness {
    /// Is everything fresh?
    pub fn is_fresh(&self) -> bool {
        self.stale.is_empty()
            && self.missing.is_empty()
            && self.extra.is_empty()
            && self.interrupted.is_empty()
    }
}

fn io(path: &Path) -> impl FnOnce(io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Checks that `relative` names a place inside the folder: not empty, not absolute, no `..`,
/// `.` or backslash, and not one of sdkgen's own bookkeeping files.
pub fn confined(relative: &str) -> Result<&Path, &'static str> {
    if relative.is_empty() {
        return Err("it is empty");
    }
    if relative.contains('\\') {
        return Err("it contains a backslash");
    }
    let path = Path::new(relative);
    for component in path.components() {
        match component {
            Component::Normal(_) => {}
            Component::ParentDir => return Err("it contains `..`"),
            Component::CurDir => return Err("it contains `.`"),
            Component::RootDir | Component::Prefix(_) => return Err("it is absolute"),
        }
    }
    let temporary = path
        .file_name()
        .is_some_and(|name| name.to_string_lossy().starts_with(TEMP_PREFIX));
    if [MANIFEST, JOURNAL].contains(&relative) || temporary {
        return Err("it names sdkgen's own bookkeeping");
    }
    Ok(path)
}

/// Paths listed in a manifest or journal: the safe ones, and a warning for each other line.
struct Listing {
    paths: BTreeSet<String>,
    warnings: Vec<String>,
    exists: bool,
}

fn read_listing(out_dir: &Path, name: &str) -> Result<Listing, Error> {
    let path = out_dir.join(name);
    let text = match fs::read(&path) {
        Ok(bytes) => String::from_utf8(bytes).map_err(|_| Error::Io {
            path: path.clone(),
            source: io::Error::new(
                io::ErrorKind::InvalidData,
                "not UTF-8 text: a list of file paths was expected (delete it to start afresh)",
            ),
        })?,
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            return Ok(Listing {
                paths: BTreeSet::new(),
                warnings: Vec::new(),
                exists: false,
            })
        }
        Err(error) => return Err(io(&path)(error)),
    };
    let mut listing = Listing {
        paths: BTreeSet::new(),
        warnings: Vec::new(),
        exists: true,
    };
    for (number, line) in text.lines().enumerate() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match confined(line) {
            Ok(_) => {
                listing.paths.insert(line.to_owned());
            }
            Err(why) => listing.warnings.push(format!(
                "{}:{}: ignored the entry `{}`: {why}; sdkgen acts only on files inside {}",
                path.display(),
                number + 1,
                crate::diagnostic::escape_controls(line),
                out_dir.display()
            )),
        }
    }
    Ok(listing)
}

fn listing_text(note: &str, paths: impl IntoIterator<Item = impl AsRef<str>>) -> String {
    let mut text = format!("# {}\n# {note}\n", emit::GENERATED_HEADER);
    for path in paths {
        text.push_str(path.as_ref());
        text.push('\n');
    }
    text
}

/// The manifest that owns `files`.
pub fn manifest_text(files: &Files) -> String {
    listing_text(
        "Files sdkgen owns in this folder; others are never touched.",
        files.keys(),
    )
}

/// What is at a path before the run.
#[derive(Debug)]
enum Existing {
    Missing,
    File(Vec<u8>),
    #[cfg_attr(not(unix), allow(dead_code))]
    Symlink(PathBuf),
    Folder,
}

fn existing(path: &Path) -> io::Result<Existing> {
    match fs::symlink_metadata(path) {
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(Existing::Missing),
        Err(error) => Err(error),
        Ok(meta) if meta.file_type().is_symlink() => Ok(Existing::Symlink(fs::read_link(path)?)),
        Ok(meta) if meta.is_dir() => Ok(Existing::Folder),
        Ok(_) => Ok(Existing::File(fs::read(path)?)),
    }
}

/// Which folders between the output folder and a file are real folders: a symbolic link or a
/// file there would take a write outside, so such a path is refused.
#[derive(Default)]
struct Folders {
    known: BTreeMap<PathBuf, Result<bool, String>>,
}

impl Folders {
    /// `Ok(true)` when every parent folder of `relative` exists, `Ok(false)` when some are
    /// still to be created, `Err(why)` when one is a link or a file.
    fn check(&mut self, out_dir: &Path, relative: &Path) -> Result<bool, String> {
        let mut prefix = PathBuf::new();
        let mut all_exist = true;
        let parents: Vec<_> = relative
            .parent()
            .into_iter()
            .flat_map(Path::components)
            .collect();
        for component in parents {
            prefix.push(component);
            if !all_exist {
                continue;
            }
            let state = self.known.entry(prefix.clone()).or_insert_with(|| {
                match fs::symlink_metadata(out_dir.join(&prefix)) {
                    Ok(meta) if meta.file_type().is_symlink() => Err(format!(
                        "`{}` is a symbolic link; sdkgen writes only inside the output folder",
                        prefix.display()
                    )),
                    Ok(meta) if meta.is_dir() => Ok(true),
                    Ok(_) => Err(format!("`{}` is a file, not a folder", prefix.display())),
                    Err(_) => Ok(false),
                }
            });
            match state {
                Ok(true) => {}
                Ok(false) => all_exist = false,
                Err(why) => return Err(why.clone()),
            }
        }
        Ok(all_exist)
    }
}

/// One file to write.
#[derive(Debug)]
struct Change<'a> {
    relative: &'a str,
    target: PathBuf,
    contents: &'a [u8],
    before: Existing,
}

/// Everything a run will do, decided before anything is touched.
#[derive(Debug, Default)]
struct Plan<'a> {
    changes: Vec<Change<'a>>,
    unchanged: Vec<String>,
    removals: Vec<String>,
    conflicts: Vec<String>,
    warnings: Vec<String>,
}

/// Runs `job` over `items` from as many threads as there are cores (large APIs produce
/// thousands of files), keeping the order.
fn parallel<T: Sync, R: Send>(items: &[T], job: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    if threads == 1 || items.len() < 64 {
        return items.iter().map(job).collect();
    }
    let chunk = items.len().div_ceil(threads).max(1);
    let job = &job;
    std::thread::scope(|scope| {
        let jobs: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(job).collect::<Vec<R>>()))
            .collect();
        jobs.into_iter()
            .flat_map(|job| match job.join() {
                Ok(results) => results,
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    })
}

fn plan<'a>(
    out_dir: &Path,
    files: &'a Files,
    owned: &BTreeSet<String>,
    options: WriteOptions,
) -> Result<Plan<'a>, Error> {
    let mut plan = Plan::default();
    let mut folders = Folders::default();
    let mut candidates = Vec::new();
    for (relative, contents) in files {
        let path = confined(relative)
            .map_err(|why| Error::Emit(format!("refusing to write `{relative}` because {why}")))?;
        match folders.check(out_dir, path) {
            Ok(_) => candidates.push((relative.as_str(), contents.as_bytes())),
            Err(why) => plan.conflicts.push(format!("{relative}: {why}")),
        }
    }
    let looked = parallel(&candidates, |(relative, _)| {
        let target = out_dir.join(relative);
        existing(&target).map_err(|source| Error::Io {
            path: target.clone(),
            source,
        })
    });
    for ((relative, contents), before) in candidates.into_iter().zip(looked) {
        let before = before?;
        let is_owned = options.force || owned.contains(relative);
        match &before {
            Existing::File(bytes) if bytes.as_slice() == contents => {
                plan.unchanged.push(relative.to_owned());
                continue;
            }
            Existing::Folder => {
                plan.conflicts
                    .push(format!("{relative}: a folder is there"));
                continue;
            }
            Existing::File(_) if !is_owned => {
                plan.conflicts
                    .push(format!("{relative}: a file sdkgen did not write is there"));
                continue;
            }
            Existing::Symlink(_) if !is_owned => {
                plan.conflicts.push(format!(
                    "{relative}: a symbolic link sdkgen did not write is there"
                ));
                continue;
            }
            _ => {}
        }
        plan.changes.push(Change {
            relative,
            target: out_dir.join(relative),
            contents,
            before,
        });
    }
    for relative in owned.iter().filter(|p| !files.contains_key(*p)) {
        let Ok(path) = confined(relative) else {
            continue;
        };
        if let Err(why) = folders.check(out_dir, path) {
            plan.warnings.push(format!(
                "not removing `{relative}` (no longer generated): {why}"
            ));
            continue;
        }
        match fs::symlink_metadata(out_dir.join(path)) {
            Ok(meta) if meta.is_dir() => plan.warnings.push(format!(
                "not removing `{relative}` (no longer generated): it is a folder now"
            )),
            Ok(_) => plan.removals.push(relative.clone()),
            Err(_) => {}
        }
    }
    Ok(plan)
}

/// The advisory lock on an output folder, released when dropped.
#[derive(Debug)]
pub struct FolderLock {
    _file: fs::File,
}

/// Locks `out_dir`: exclusively to write, shared to read. When another run holds it, says so
/// on standard error and waits.
pub fn lock(out_dir: &Path, exclusive: bool) -> Result<FolderLock, Error> {
    #[cfg(unix)]
    let (file, path) = (fs::File::open(out_dir), out_dir.to_path_buf());
    #[cfg(not(unix))]
    let (file, path) = {
        let path = out_dir.join(LOCK_FILE);
        let file = if exclusive {
            fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)
        } else {
            fs::File::open(&path)
        };
        (file, path)
    };
    let file = file.map_err(io(&path))?;
    let attempt = if exclusive {
        file.try_lock()
    } else {
        file.try_lock_shared()
    };
    match attempt {
        Ok(()) => {}
        Err(fs::TryLockError::WouldBlock) => {
            let _ = writeln!(
                io::stderr(),
                "sdkgen: waiting for another sdkgen run to finish with {}",
                out_dir.display()
            );
            let waited = if exclusive {
                file.lock()
            } else {
                file.lock_shared()
            };
            waited.map_err(io(&path))?;
        }
        Err(fs::TryLockError::Error(error)) => return Err(io(&path)(error)),
    }
    Ok(FolderLock { _file: file })
}

/// Writes `contents` to a new temporary file in `dir`: a random name, created exclusively so
/// that no existing file or link is opened, and closed once written.
fn temporary(dir: &Path, contents: &[u8]) -> io::Result<tempfile::TempPath> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // What `fs::write` would give: read-write for all, less the umask.
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let mut file = builder.tempfile_in(dir)?;
    file.write_all(contents)?;
    Ok(file.into_temp_path())
}

/// Replaces `target` with `contents` through a temporary file and a rename.
fn replace(target: &Path, contents: &[u8]) -> Result<(), Error> {
    let dir = target.parent().unwrap_or(Path::new("."));
    let temp = temporary(dir, contents).map_err(io(target))?;
    temp.persist(target).map_err(|e| Error::Io {
        path: target.to_path_buf(),
        source: e.error,
    })
}

/// The temporary files a killed run left in `out_dir` and in the folders of `paths` (only
/// real folders inside `out_dir`, never through a link), sorted.
fn temporaries(out_dir: &Path, paths: &BTreeSet<String>) -> Vec<String> {
    let mut folders: BTreeSet<PathBuf> = BTreeSet::from([PathBuf::new()]);
    let mut checked = Folders::default();
    for relative in paths {
        let path = Path::new(relative);
        if checked.check(out_dir, path) == Ok(true) {
            folders.insert(path.parent().map(Path::to_path_buf).unwrap_or_default());
        }
    }
    let mut found = Vec::new();
    for folder in folders {
        let Ok(entries) = fs::read_dir(out_dir.join(&folder)) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            if name.starts_with(TEMP_PREFIX) && !is_dir {
                found.push(folder.join(&name).to_string_lossy().replace('\\', "/"));
            }
        }
    }
    found.sort();
    found
}

/// Removes the temporary files a killed run left (see [`temporaries`]); returns those removed.
fn remove_temporaries(out_dir: &Path, paths: &BTreeSet<String>) -> Vec<String> {
    temporaries(out_dir, paths)
        .into_iter()
        .filter(|relative| fs::remove_file(out_dir.join(relative)).is_ok())
        .collect()
}

/// Fault injection for the tests of this module: fail, or stop as a killed process would,
/// after this many renames.
#[cfg(test)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    FailRename(usize),
    KillAfter(usize),
}

#[cfg(test)]
thread_local! {
    static FAULT: std::cell::Cell<Option<Fault>> = const { std::cell::Cell::new(None) };
}

/// Writes rendered files into `out_dir`; see the module documentation for the guarantees.
pub fn write_files(out_dir: &Path, files: &Files, options: WriteOptions) -> Result<Outcome, Error> {
    fs::create_dir_all(out_dir).map_err(io(out_dir))?;
    let _lock = lock(out_dir, true)?;
    let manifest = read_listing(out_dir, MANIFEST)?;
    let journal = read_listing(out_dir, JOURNAL)?;
    let mut outcome = Outcome {
        warnings: manifest
            .warnings
            .into_iter()
            .chain(journal.warnings)
            .collect(),
        ..Outcome::default()
    };
    // A journal left behind: its files are owned too, and its temporary files go.
    let mut owned = manifest.paths;
    owned.extend(journal.paths.iter().cloned());
    // A run killed while writing its journal leaves a temporary file in the folder itself,
    // which is therefore always looked at.
    outcome.recovered = remove_temporaries(out_dir, &journal.paths);

    let plan = plan(out_dir, files, &owned, options)?;
    if !plan.conflicts.is_empty() {
        return Err(Error::Conflict {
            dir: out_dir.to_path_buf(),
            paths: plan.conflicts,
        });
    }
    outcome.warnings.extend(plan.warnings);
    outcome.unchanged = plan.unchanged;
    let manifest_contents = manifest_text(files);
    let manifest_path = out_dir.join(MANIFEST);
    let manifest_fresh = fs::read(&manifest_path).is_ok_and(|b| b == manifest_contents.as_bytes());
    if plan.changes.is_empty() && plan.removals.is_empty() && manifest_fresh && !journal.exists {
        return Ok(outcome);
    }

    // 1. Record what is about to be written, so a killed run's files stay owned.
    let journal_path = out_dir.join(JOURNAL);
    let journal_contents = listing_text(
        "A run of sdkgen in progress is writing these files; one left behind was killed.",
        plan.changes.iter().map(|c| c.relative),
    );
    replace(&journal_path, journal_contents.as_bytes())?;

    // 2. Every file to its temporary; a failure here changes nothing.
    let prepared = prepare(out_dir, &plan.changes);
    let (temporaries, created) = match prepared {
        Ok(done) => done,
        Err((error, created)) => {
            remove_folders(&created);
            let _ = fs::remove_file(&journal_path);
            return Err(error);
        }
    };

    // 3. Rename them into place; on failure, put back what was there.
    commit(&plan.changes, temporaries, &created, &journal_path)?;
    outcome.written = plan.changes.iter().map(|c| c.relative.to_owned()).collect();

    // 4. Remove what is no longer generated, then own the new set and close the journal.
    for relative in &plan.removals {
        let path = out_dir.join(relative);
        match fs::remove_file(&path) {
            Ok(()) => outcome.removed.push(relative.clone()),
            Err(error) if error.kind() == io::ErrorKind::NotFound => {}
            Err(error) => return Err(io(&path)(error)),
        }
    }
    if !manifest_fresh {
        replace(&manifest_path, manifest_contents.as_bytes())?;
    }
    fs::remove_file(&journal_path).map_err(io(&journal_path))?;
    Ok(outcome)
}

type Prepared = (Vec<tempfile::TempPath>, Vec<PathBuf>);

/// Creates the missing folders and writes every change to its temporary file. On failure,
/// returns the error and the folders it created (the temporary files are already gone).
fn prepare(out_dir: &Path, changes: &[Change<'_>]) -> Result<Prepared, (Error, Vec<PathBuf>)> {
    let mut created = Vec::new();
    let parents: BTreeSet<&Path> = changes.iter().filter_map(|c| c.target.parent()).collect();
    for parent in parents {
        if let Err(error) = create_folders(out_dir, parent, &mut created) {
            return Err((error, created));
        }
    }
    let results = parallel(changes, |change| {
        let dir = change.target.parent().unwrap_or(out_dir);
        temporary(dir, change.contents).map_err(|source| Error::Io {
            path: change.target.clone(),
            source,
        })
    });
    let mut temporaries = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(temp) => temporaries.push(temp),
            Err(error) => return Err((error, created)),
        }
    }
    Ok((temporaries, created))
}

/// Creates `folder` and its missing parents, recording each one created.
fn create_folders(out_dir: &Path, folder: &Path, created: &mut Vec<PathBuf>) -> Result<(), Error> {
    let mut missing = Vec::new();
    let mut current = folder;
    while current != out_dir && !current.is_dir() {
        missing.push(current.to_path_buf());
        match current.parent() {
            Some(parent) => current = parent,
            None => break,
        }
    }
    for folder in missing.into_iter().rev() {
        match fs::create_dir(&folder) {
            Ok(()) => created.push(folder),
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {}
            Err(error) => return Err(io(&folder)(error)),
        }
    }
    Ok(())
}

/// Removes folders a failed run created (deepest first; only empty ones go).
fn remove_folders(created: &[PathBuf]) {
    for folder in created.iter().rev() {
        let _ = fs::remove_dir(folder);
    }
}

/// Renames every temporary file onto its target. When one rename fails, the files renamed
/// before it get their old content back (new ones are removed) and the error names the file.
fn commit(
    changes: &[Change<'_>],
    temporaries: Vec<tempfile::TempPath>,
    created: &[PathBuf],
    journal: &Path,
) -> Result<(), Error> {
    let mut temporaries = temporaries.into_iter();
    for (done, change) in changes.iter().enumerate() {
        #[cfg(test)]
        match FAULT.with(std::cell::Cell::get) {
            Some(Fault::KillAfter(n)) if n == done => {
                // A killed process runs no destructors: its temporary files stay.
                for temp in temporaries {
                    let _ = temp.keep();
                }
                return Err(Error::Emit("killed (test fault)".to_owned()));
            }
            Some(Fault::FailRename(n)) if n == done => {
                let error = Error::Io {
                    path: change.target.clone(),
                    source: io::Error::other("test fault"),
                };
                return Err(roll_back(&changes[..done], created, journal, error));
            }
            _ => {}
        }
        let Some(temp) = temporaries.next() else {
            break;
        };
        if let Err(error) = temp.persist(&change.target) {
            let error = Error::Io {
                path: change.target.clone(),
                source: error.error,
            };
            return Err(roll_back(&changes[..done], created, journal, error));
        }
    }
    Ok(())
}

/// Puts back what was at each of `done` before the run; returns the error to report.
fn roll_back(done: &[Change<'_>], created: &[PathBuf], journal: &Path, error: Error) -> Error {
    let mut failed = Vec::new();
    for change in done {
        let restored = match &change.before {
            Existing::Missing => fs::remove_file(&change.target).map_err(io(&change.target)),
            Existing::File(bytes) => replace(&change.target, bytes),
            #[cfg(unix)]
            Existing::Symlink(link) => fs::remove_file(&change.target)
                .and_then(|()| std::os::unix::fs::symlink(link, &change.target))
                .map_err(io(&change.target)),
            #[cfg(not(unix))]
            Existing::Symlink(_) => Ok(()),
            Existing::Folder => Ok(()),
        };
        if let Err(error) = restored {
            failed.push(error.to_string());
        }
    }
    if failed.is_empty() {
        remove_folders(created);
        let _ = fs::remove_file(journal);
        error
    } else {
        // The journal stays: the next run owns and cleans up what could not be put back.
        Error::Emit(format!(
            "{error}; and while putting the old files back: {}",
            failed.join("; ")
        ))
    }
}

/// Compares rendered files with `out_dir` without writing anything (see `Config::check`).
pub fn compare(out_dir: &Path, files: &Files) -> Result<Staleness, Error> {
    let mut staleness = Staleness::default();
    let _lock = if out_dir.is_dir() {
        lock(out_dir, false).ok()
    } else {
        None
    };
    let manifest = read_listing(out_dir, MANIFEST)?;
    let journal = read_listing(out_dir, JOURNAL)?;
    staleness.warnings = manifest.warnings;
    staleness.warnings.extend(journal.warnings);
    if journal.exists {
        staleness.interrupted.push(JOURNAL.to_owned());
    }
    staleness
        .interrupted
        .extend(temporaries(out_dir, &journal.paths));
    let mut expected: Vec<(&str, &str)> = files
        .iter()
        .map(|(path, text)| (path.as_str(), text.as_str()))
        .collect();
    let manifest_contents = manifest_text(files);
    expected.push((MANIFEST, &manifest_contents));
    let mut folders = Folders::default();
    for (relative, contents) in expected {
        let path = out_dir.join(relative);
        if let Err(why) = folders.check(out_dir, Path::new(relative)) {
            staleness.stale.push((relative.to_owned(), why));
            continue;
        }
        match existing(&path) {
            Ok(Existing::File(actual)) if actual == contents.as_bytes() => {}
            Ok(Existing::File(actual)) => staleness.stale.push((
                relative.to_owned(),
                short_diff(&String::from_utf8_lossy(&actual), contents),
            )),
            Ok(Existing::Missing) => staleness.missing.push(relative.to_owned()),
            Ok(Existing::Symlink(_)) => staleness
                .stale
                .push((relative.to_owned(), "a symbolic link is there\n".to_owned())),
            Ok(Existing::Folder) => staleness
                .stale
                .push((relative.to_owned(), "a folder is there\n".to_owned())),
            Err(error) => return Err(io(&path)(error)),
        }
    }
    let owned = manifest.paths.iter().chain(&journal.paths);
    let mut extra: BTreeSet<String> = BTreeSet::new();
    for relative in owned {
        let inside = folders.check(out_dir, Path::new(relative)).is_ok();
        if inside
            && !files.contains_key(relative)
            && fs::symlink_metadata(out_dir.join(relative)).is_ok()
        {
            extra.insert(relative.clone());
        }
    }
    staleness.extra = extra.into_iter().collect();
    Ok(staleness)
}

fn short_diff(old: &str, new: &str) -> String {
    let old_lines: Vec<&str> = old.lines().collect();
    let new_lines: Vec<&str> = new.lines().collect();
    let first = old_lines
        .iter()
        .zip(&new_lines)
        .position(|(a, b)| a != b)
        .unwrap_or(old_lines.len().min(new_lines.len()));
    let mut diff = format!("first difference at line {}:\n", first + 1);
    for line in old_lines.iter().skip(first).take(3) {
        diff.push_str(&format!("-{line}\n"));
    }
    for line in new_lines.iter().skip(first).take(3) {
        diff.push_str(&format!("+{line}\n"));
    }
    diff
}

/// Writes one file the user named (`sdkgen openapi -o FILE`, a `build.rs` module) only when
/// its content changed, through a temporary file beside it and a rename: a reader never sees
/// half a file, and a link at the path is replaced rather than followed.
pub fn write_file_if_changed(path: &Path, contents: &str) -> Result<bool, Error> {
    if fs::symlink_metadata(path).is_ok_and(|m| m.is_file())
        && fs::read(path).is_ok_and(|b| b == contents.as_bytes())
    {
        return Ok(false);
    }
    let parent = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    fs::create_dir_all(parent).map_err(io(parent))?;
    replace(path, contents.as_bytes())?;
    Ok(true)
}

#[cfg(test)]
#[path = "write_tests.rs"]
mod tests;
