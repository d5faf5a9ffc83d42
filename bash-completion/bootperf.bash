# SPDX-License-Identifier: GPL-2.0-or-later
# bash completion for bootperf's tools: boot-benchmark, boot-analysis and
# boot-benchmark-range.
#
# The options come from the program's own --help, so an option added to a tool
# completes without a change here; an option's value is completed from its
# name (--accel, --kind, --test, --machine have fixed values) or its
# placeholder in --help (FILE: files, DIR: directories, CMD: commands,
# COMMIT: the branches and tags of the repository in the current directory).
# boot-benchmark-range's REPO completes to directories and its RANGE to the
# branches and tags of REPO.  Needs nothing from the bash-completion package.

# _bootperf_options PROGRAM: one line per option, "--long PLACEHOLDER" or
# "-s --long PLACEHOLDER" (PLACEHOLDER empty for a flag), cached per program.
declare -gA _bootperf_options_cache 2>/dev/null
_bootperf_options ()
{
  local program=$1
  if [[ -z ${_bootperf_options_cache[$program]+set} ]]; then
    _bootperf_options_cache[$program]=$(LC_ALL=C "$program" --help 2>/dev/null |
      sed -n -E 's/^  +(-[A-Za-z0-9], )?(--[A-Za-z0-9-]+)(=([^ ]+))?( .*)?$/\1\2 \4/p' |
      sed -E 's/^(-[A-Za-z0-9]), /\1 /')
  fi
  printf '%s\n' "${_bootperf_options_cache[$program]}"
}

# _bootperf_lookup PROGRAM OPTION: sets _bootperf_long to OPTION's long name
# and _bootperf_arg to its placeholder (N, FILE, ...), empty for a flag; both
# empty for an option PROGRAM does not have.
_bootperf_lookup ()
{
  local line
  _bootperf_long= _bootperf_arg=
  while read -r line; do
    local words=($line)
    if [[ ${words[0]} == -? && ${words[1]} == --* ]]; then
      [[ $2 == "${words[0]}" || $2 == "${words[1]}" ]] || continue
      _bootperf_long=${words[1]} _bootperf_arg=${words[2]}
      return
    elif [[ $2 == "${words[0]}" ]]; then
      _bootperf_long=${words[0]} _bootperf_arg=${words[1]}
      return
    fi
  done < <(_bootperf_options "$1")
}

# _bootperf_values PROGRAM OPTION CUR: fills COMPREPLY with the values of
# OPTION that start with CUR.
_bootperf_values ()
{
  _bootperf_lookup "$1" "$2"
  case $_bootperf_long in
    --accel) COMPREPLY=($(compgen -W 'auto kvm tcg' -- "$3")); return ;;
    --kind) COMPREPLY=($(compgen -W 'qemu kernel custom' -- "$3")); return ;;
    --test) COMPREPLY=($(compgen -W 'mann-whitney welch' -- "$3")); return ;;
    --machine) COMPREPLY=($(compgen -W 'pc q35 microvm' -- "$3")); return ;;
  esac
  case $_bootperf_arg in
    FILE | PATH)
      compopt -o filenames 2>/dev/null
      COMPREPLY=($(compgen -f -- "$3")) ;;
    DIR)
      compopt -o filenames 2>/dev/null
      COMPREPLY=($(compgen -d -- "$3")) ;;
    CMD)
      COMPREPLY=($(compgen -c -- "$3")) ;;
    COMMIT)
      COMPREPLY=($(compgen -W "$(git for-each-ref --format='%(refname:short)' \
        refs/heads refs/tags 2>/dev/null) HEAD" -- "$3")) ;;
    *) COMPREPLY=() ;;
  esac
}

# _bootperf_positional PROGRAM CUR: boot-benchmark-range's REPO and RANGE.
_bootperf_positional ()
{
  local program=$1 cur=$2 i word
  local -a args=()
  COMPREPLY=()
  [[ ${program##*/} == boot-benchmark-range ]] || return
  for ((i = 1; i < COMP_CWORD; i++)); do
    word=${COMP_WORDS[i]}
    if [[ $word == -* ]]; then
      [[ $word == *=* ]] && continue
      _bootperf_lookup "$program" "$word"
      if [[ -n $_bootperf_arg ]]; then
        ((i++))
        [[ ${COMP_WORDS[i]} == = ]] && ((i++))
      fi
    else
      args+=("$word")
    fi
  done
  if ((${#args[@]} == 0)); then
    compopt -o filenames 2>/dev/null
    COMPREPLY=($(compgen -d -- "$cur"))
  elif ((${#args[@]} == 1)); then
    local repo=${args[0]/#\~/$HOME} prefix=${cur%..*} refs
    [[ $cur == *..* ]] && prefix+=.. || prefix=
    refs=$(git -C "$repo" for-each-ref --format='%(refname:short)' \
      refs/heads refs/tags 2>/dev/null)
    COMPREPLY=($(compgen -P "$prefix" -W "$refs HEAD" -- "${cur#"$prefix"}"))
  fi
}

_bootperf ()
{
  local program=$1 cur=${COMP_WORDS[COMP_CWORD]} prev= option=
  local _bootperf_long _bootperf_arg
  ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
  COMPREPLY=()

  # "--opt=value": '=' splits words when it is in COMP_WORDBREAKS (the
  # default), else the option and the value are one word.
  if [[ $cur == = && $prev == -* ]]; then
    option=$prev cur=
  elif [[ $prev == = ]] && ((COMP_CWORD > 1)) \
    && [[ ${COMP_WORDS[COMP_CWORD - 2]} == -* ]]; then
    option=${COMP_WORDS[COMP_CWORD - 2]}
  elif [[ $cur == --*=* ]]; then
    option=${cur%%=*}
    _bootperf_values "$program" "$option" "${cur#*=}"
    COMPREPLY=("${COMPREPLY[@]/#/$option=}")
    return
  elif [[ $prev == -* ]]; then
    _bootperf_lookup "$program" "$prev"
    [[ -n $_bootperf_arg ]] && option=$prev
  fi
  if [[ -n $option ]]; then
    _bootperf_values "$program" "$option" "$cur"
    return
  fi

  if [[ $cur == -* ]]; then
    local line names=
    while read -r line; do
      local words=($line)
      if [[ ${words[0]} == -? && ${words[1]} == --* ]]; then
        names+=" ${words[0]} ${words[1]}"
      elif [[ -n ${words[0]} ]]; then
        names+=" ${words[0]}"
      fi
    done < <(_bootperf_options "$program")
    # A lone "-" lists the long options; "-x" with a short option is complete.
    [[ $cur == - ]] && cur=--
    COMPREPLY=($(compgen -W "$names" -- "$cur"))
    return
  fi
  _bootperf_positional "$program" "$cur"
}

complete -F _bootperf boot-benchmark boot-analysis boot-benchmark-range
