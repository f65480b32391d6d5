@echo off
rem Install (or upgrade) the supervisor app on Windows from a wheelhouse folder, without network.
rem   install_offline.bat [WHEELHOUSE] [TARGET]
rem WHEELHOUSE: the folder with the .whl files and requirements.txt (default: this file's folder).
rem TARGET:     where the program goes (default: %LOCALAPPDATA%\supervisor-app). Running it
rem             again with a newer wheelhouse upgrades the program; the data folder stays.
rem PYTHON:     the interpreter (default: the "py -3.12" or "py -3.11" launcher, then python).
rem Messages are ASCII on purpose: cmd.exe misreads UTF-8 batch files on some Windows builds.
rem Plain gotos rather than ( ) blocks: a path with brackets, such as "Program Files (x86)",
rem would end a block early.
setlocal EnableExtensions

set "WHEELHOUSE=%~1"
if "%WHEELHOUSE%"=="" set "WHEELHOUSE=%~dp0"
if "%WHEELHOUSE:~-1%"=="\" set "WHEELHOUSE=%WHEELHOUSE:~0,-1%"
set "TARGET=%~2"
if "%TARGET%"=="" set "TARGET=%LOCALAPPDATA%\supervisor-app"
if not exist "%WHEELHOUSE%\requirements.txt" goto no_wheels

if not "%PYTHON%"=="" goto check_python
py -3.12 -c "import sys" >nul 2>&1 && set "PYTHON=py -3.12"
if not "%PYTHON%"=="" goto check_python
py -3.11 -c "import sys" >nul 2>&1 && set "PYTHON=py -3.11"
if not "%PYTHON%"=="" goto check_python
set "PYTHON=python"

:check_python
%PYTHON% -c "import sys; sys.exit(sys.version_info[:2] not in ((3, 11), (3, 12)))"
if errorlevel 1 goto no_python

if exist "%TARGET%\Scripts\python.exe" goto install
echo Creating %TARGET%
%PYTHON% -m venv "%TARGET%"
if errorlevel 1 goto failed

:install
rem No configuration file may add an index or a mirror: only the wheelhouse counts.
set "PIP_CONFIG_FILE=nul"
set "PIP_NO_INPUT=1"
set "PIP_DISABLE_PIP_VERSION_CHECK=1"
"%TARGET%\Scripts\python.exe" -m pip install --no-index --find-links "%WHEELHOUSE%" --upgrade -r "%WHEELHOUSE%\requirements.txt"
if errorlevel 1 goto failed
echo Installed.
echo Start the GUI:  "%TARGET%\Scripts\supervisor-gui.exe"
echo Command line:   "%TARGET%\Scripts\supervisor.exe" --help
exit /b 0

:no_wheels
echo ERROR: no wheels and requirements.txt in "%WHEELHOUSE%"
exit /b 1

:no_python
echo ERROR: Python 3.11 or 3.12, 64-bit, is needed. Install it first, or set PYTHON.
exit /b 1

:failed
echo ERROR: the installation failed; see the messages above.
exit /b 1
